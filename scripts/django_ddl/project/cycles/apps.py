from django.apps import AppConfig


class CyclesConfig(AppConfig):
    # generator/tests/fixtures/django_ddl/cycles.yaml: `default_auto_field: big_auto`
    default_auto_field = "django.db.models.BigAutoField"
    name = "cycles"
