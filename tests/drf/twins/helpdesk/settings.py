"""The twin of examples/helpdesk/api.yaml: its `settings:` block, written as Django settings."""
from common import *  # noqa: F403
from common import BASE_APPS, MIDDLEWARE

INSTALLED_APPS = BASE_APPS + ["desk"]
# extend() in hooks.rs: every response names the app.
MIDDLEWARE = ["desk.middleware.served_by"] + MIDDLEWARE

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "desk.authentication.ApiKeyAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "desk.pagination.TicketPagination",
}
