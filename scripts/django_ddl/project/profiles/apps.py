from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    # examples/profiles/api.yaml: `default_auto_field: big_auto`
    default_auto_field = "django.db.models.BigAutoField"
    name = "profiles"
