from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("profiles", views.ProfileViewSet)
router.register("status", views.ProfileStatusViewSet, basename="status")

urlpatterns = [
    path("", include(router.urls)),
    path("avatar/", views.AvatarUpdateView.as_view(), name="avatar-update"),
]
