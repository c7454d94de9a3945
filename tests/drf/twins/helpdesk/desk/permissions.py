from rest_framework import permissions

from .models import Ticket


class IsTicketParticipant(permissions.BasePermission):
    """Only a ticket's reporter, or staff, may comment on it."""

    message = "Only the ticket's reporter or staff may comment on it."

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user.is_staff or view.action != "create":
            return True
        ticket = request.data.get("ticket")
        try:
            ticket = int(ticket)
        except (TypeError, ValueError):
            return True  # a missing or malformed ticket is the serializer's to report
        ticket = Ticket.objects.filter(pk=ticket).first()
        return ticket is None or ticket.reporter_id == user.id

    def has_object_permission(self, request, view, obj):
        return request.user.is_staff or obj.ticket.reporter_id == request.user.id


class IsAuthorOrReadOnly(permissions.BasePermission):
    """Anyone may read a comment; only its author may change it."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.author_id == request.user.id
