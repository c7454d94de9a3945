from django.urls import include, path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("api/", include("profiles.urls")),
    path("api-token-auth/", obtain_auth_token),
]
