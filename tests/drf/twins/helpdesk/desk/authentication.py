from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`X-Api-Key: <token key>`, for scripts that cannot set `Authorization`."""

    def authenticate(self, request):
        key = request.META.get("HTTP_X_API_KEY")
        if key is None:
            return None
        token = Token.objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid API key.")
        return (token.user, token)

    def authenticate_header(self, request):
        return "Api-Key"
