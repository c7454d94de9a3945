"""Settings of the reference project: only what `migrate` and `sqlmigrate` need.

`DDL_DB` picks the database: `sqlite` (a file named by `DDL_SQLITE_PATH`) or `postgresql`
(`DDL_PG_NAME` on 127.0.0.1:5432, user postgres, trust auth).
"""
import os

SECRET_KEY = "reference-ddl-only"
USE_TZ = True
# The spec's `default_auto_field`. Each app's AppConfig pins its models' pk for makemigrations,
# but the pk of an auto-created many-to-many table is read from this setting when the SQL is
# made, so run.sh sets it per app for sqlmigrate.
DEFAULT_AUTO_FIELD = os.environ.get("DDL_DEFAULT_AUTO_FIELD", "django.db.models.AutoField")
TIME_ZONE = "UTC"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework.authtoken",
    "profiles.apps.ProfilesConfig",
    "catalog.apps.CatalogConfig",
    "cycles.apps.CyclesConfig",
]

if os.environ.get("DDL_DB", "sqlite") == "postgresql":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("DDL_PG_NAME", "test"),
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": "5432",
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DDL_SQLITE_PATH", "/tmp/restforge-django-ddl.sqlite3"),
        }
    }
