from rest_framework import permissions


class IsOwnProfileOrReadOnly(permissions.BasePermission):
    """Anyone may read a profile; only its user may change it."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.user_id == request.user.id


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Anyone may read a status; only the user who posted it may change it."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return obj.user_profile.user_id == request.user.id
