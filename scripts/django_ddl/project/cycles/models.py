"""generator/tests/fixtures/django_ddl/cycles.yaml: the corners of makemigrations' ordering.

Team and Player point at each other (one relation becomes a separate AddField), Award sorts
before the Player it points at (so it moves after it), Player points at itself twice, and the
last model's name is long enough for PostgreSQL's 63-character limit to shorten names.
"""
from django.db import models


class Team(models.Model):
    name = models.CharField(max_length=50, unique=True)
    captain = models.ForeignKey(
        "Player", on_delete=models.SET_NULL, null=True, blank=True, related_name="captain_of"
    )


class Player(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    nickname = models.TextField(db_index=True)
    mentor = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True)
    friends = models.ManyToManyField("self", blank=True)
    joined = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["-joined", "nickname"])]


class Award(models.Model):
    winner = models.OneToOneField(Player, on_delete=models.CASCADE)
    title = models.CharField(max_length=100)


class VeryLongModelNameForTestingNameTruncation(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE)
    code = models.SlugField(unique=True)
