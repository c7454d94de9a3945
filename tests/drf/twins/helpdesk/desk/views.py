from django.http import Http404
from rest_framework import exceptions, filters, permissions, throttling, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import Comment, Ticket
from .permissions import IsAuthorOrReadOnly, IsTicketParticipant
from .serializers import (
    CommentSerializer,
    TicketListSerializer,
    TicketPrioritySerializer,
    TicketSerializer,
)

OPEN_TICKET_LIMIT = 3


class SummaryThrottle(throttling.SimpleRateThrottle):
    """The summary counts every ticket a user sees: five a minute per user is plenty."""

    scope = "ticket_summary"
    rate = "5/min"

    def get_cache_key(self, request, view):
        if view.action != "summary" or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class TicketViewSet(viewsets.ModelViewSet):
    queryset = Ticket.objects.all()
    serializer_class = TicketSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["title"]

    def get_queryset(self):
        queryset = super().get_queryset().filter(archived=False)
        if self.request.user.is_staff:
            return queryset
        return queryset.filter(reporter=self.request.user)

    def get_object(self):
        if self.kwargs["pk"] != "latest":
            return super().get_object()
        ticket = self.filter_queryset(self.get_queryset()).order_by("-created_at", "-id").first()
        if ticket is None:
            raise Http404("No Ticket matches the given query.")
        self.check_object_permissions(self.request, ticket)
        return ticket

    def get_serializer_class(self):
        if self.action == "list":
            return TicketSerializer if self.request.user.is_staff else TicketListSerializer
        return super().get_serializer_class()

    def get_permissions(self):
        if self.action == "destroy":
            return [(permissions.IsAuthenticated & permissions.IsAdminUser)()]
        return super().get_permissions()

    def get_throttles(self):
        return [SummaryThrottle()]

    def perform_create(self, serializer):
        user = self.request.user
        open_tickets = Ticket.objects.filter(reporter=user, status="open", archived=False).count()
        if open_tickets >= OPEN_TICKET_LIMIT:
            raise exceptions.ValidationError(
                f"You already have {open_tickets} open tickets; close one first."
            )
        serializer.save(reporter=user)

    def perform_update(self, serializer):
        closing = (serializer.validated_data.get("status") == "closed"
                   and serializer.instance.status != "closed")
        if closing and not self.request.user.is_staff:
            raise exceptions.PermissionDenied("Only staff may close a ticket.")
        serializer.save()

    def perform_destroy(self, instance):
        instance.archived = True
        instance.save(update_fields=["archived"])

    @action(detail=True, methods=["post"],
            permission_classes=[permissions.IsAuthenticated, permissions.IsAdminUser])
    def close(self, request, pk=None):
        ticket = self.get_object()
        if ticket.status == "closed":
            raise exceptions.ValidationError("This ticket is already closed.")
        ticket.status = "closed"
        ticket.save(update_fields=["status"])
        return Response(self.get_serializer(ticket).data)

    @action(detail=False)
    def summary(self, request):
        tickets = self.get_queryset()
        return Response({
            "open": tickets.filter(status="open").count(),
            "closed": tickets.filter(status="closed").count(),
        })

    @action(detail=True, methods=["post"], serializer_class=TicketPrioritySerializer)
    def reprioritize(self, request, pk=None):
        ticket = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket.priority = serializer.validated_data["priority"]
        ticket.save(update_fields=["priority"])
        return Response(self.get_serializer(ticket).data)


class CommentViewSet(viewsets.ModelViewSet):
    queryset = Comment.objects.all()
    serializer_class = CommentSerializer
    permission_classes = [
        permissions.IsAuthenticated,
        IsTicketParticipant,
        IsAuthorOrReadOnly | permissions.IsAdminUser,
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        ticket = self.request.query_params.get("ticket")
        if ticket is not None:
            queryset = queryset.filter(ticket=ticket)
        return queryset

    def perform_create(self, serializer):
        serializer.save(author=self.request.user)
