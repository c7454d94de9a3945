"""The twin of examples/bookshop/api.yaml: its `settings:` block, written as Django settings."""
from common import *  # noqa: F403
from common import BASE_APPS

INSTALLED_APPS = BASE_APPS + ["catalog"]

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "catalog.pagination.Pagination",
    "PAGE_SIZE": 10,
}
