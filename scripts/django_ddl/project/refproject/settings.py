"""Settings of the reference project: only what `migrate` and `sqlmigrate` need.

`DDL_DB` picks the database: `sqlite` (a file named by `DDL_SQLITE_PATH`), `postgresql`
(`DDL_PG_NAME` on 127.0.0.1:5432, user postgres, trust auth) or `mysql` (`DDL_MYSQL_NAME` on
127.0.0.1:3306, user root, no password, through PyMySQL).
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
    "django.contrib.sessions",
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
elif os.environ.get("DDL_DB") == "mysql":
    # PyMySQL stands in for mysqlclient, which needs the MySQL client headers to build. Django
    # checks the driver's version, so PyMySQL announces the oldest mysqlclient Django 5.2 takes.
    import pymysql

    pymysql.version_info = (2, 2, 1, "final", 0)
    pymysql.install_as_MySQLdb()
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("DDL_MYSQL_NAME", "test"),
            "USER": "root",
            "HOST": "127.0.0.1",
            "PORT": "3306",
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DDL_SQLITE_PATH", "/tmp/restforge-django-ddl.sqlite3"),
        }
    }
