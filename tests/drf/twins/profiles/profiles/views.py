from rest_framework import filters, generics, mixins, permissions, viewsets

from .models import Profile, ProfileStatus
from .permissions import IsOwnerOrReadOnly, IsOwnProfileOrReadOnly
from .serializers import ProfileAvatarSerializer, ProfileSerializer, ProfileStatusSerializer


class ProfileViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    # Ordered by pk, as restforge orders a model without `ordering` (and DRF's paginator
    # warns about an unordered queryset).
    queryset = Profile.objects.order_by("pk")
    serializer_class = ProfileSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwnProfileOrReadOnly]
    filter_backends = [filters.SearchFilter]
    search_fields = ["city"]


class ProfileStatusViewSet(viewsets.ModelViewSet):
    queryset = ProfileStatus.objects.order_by("-created_at")
    serializer_class = ProfileStatusSerializer
    permission_classes = [permissions.IsAuthenticated, IsOwnerOrReadOnly]

    def get_queryset(self):
        queryset = super().get_queryset()
        username = self.request.query_params.get("username")
        if username is not None:
            queryset = queryset.filter(user_profile__user__username=username)
        return queryset

    def perform_create(self, serializer):
        serializer.save(user_profile=self.request.user.profile)


class AvatarUpdateView(generics.UpdateAPIView):
    serializer_class = ProfileAvatarSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user.profile
