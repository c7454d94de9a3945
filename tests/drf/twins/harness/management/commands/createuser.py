"""`manage.py createuser NAME --email E --password P [--staff]`: what restforge's
`createuser` does, so the harness makes the same users on both servers. Prints the user's
API token."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Create a user and print their API token."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--email", default="")
        parser.add_argument("--password")
        parser.add_argument("--staff", action="store_true")

    def handle(self, name, email, password, staff, **options):
        user = get_user_model().objects.create_user(
            username=name, email=email, password=password, is_staff=staff
        )
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
