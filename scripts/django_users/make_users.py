"""Creates Django's auth tables and a few users in the SQLite file given as argument.

The passwords are part of the test: restforge must log these users in (or refuse them) exactly
as Django would.
"""

import sys

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="restforge-django-fixture-secret-key-not-for-production-0123456789",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "rest_framework",
        "rest_framework.authtoken",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
    USE_TZ=True,
    TIME_ZONE="UTC",
    # The fixture's session must outlive the repository: about 100 years.
    SESSION_COOKIE_AGE=100 * 365 * 24 * 3600,
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["*"],
    MIDDLEWARE=[
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ],
)
urlpatterns = []
django.setup()

from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

call_command("migrate", verbosity=0)

# A current hash: Django 5.2's 1 000 000 iterations and 22-character salt.
User.objects.create_user("alice", "alice@example.com", "correct horse battery", first_name="Alice")
# A superuser.
User.objects.create_superuser("root", "root@example.com", "root-password-1")
# No password: Django stores an unusable "!…" value.
User.objects.create_user("carol", "carol@example.com", None)
# An inactive user with a good password.
dave = User.objects.create_user("dave", "dave@example.com", "dave-password-1")
dave.is_active = False
dave.save()
# An outdated hash, as an older Django wrote it: 12-character salt, 260 000 iterations.
User.objects.create_user("bob", "bob@example.com", "placeholder")
old = PBKDF2PasswordHasher().encode("bob-old-password", "abcdefghijkl", iterations=260000)
User.objects.filter(username="bob").update(password=old)

# A session made by Django itself, for alice.
client = Client()
assert client.login(username="alice", password="correct horse battery")
print("session", client.cookies["sessionid"].value)
