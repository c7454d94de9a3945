from django.apps import AppConfig


class CatalogConfig(AppConfig):
    # examples/bookshop/api.yaml: `default_auto_field: auto`
    default_auto_field = "django.db.models.AutoField"
    name = "catalog"
