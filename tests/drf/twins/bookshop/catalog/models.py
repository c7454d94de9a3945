import uuid

from django.core.validators import MinValueValidator
from django.db import models


class Publisher(models.Model):
    name = models.CharField(max_length=100, unique=True)
    website = models.URLField(blank=True)
    founded = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Author(models.Model):
    first_name = models.CharField(max_length=50)
    last_name = models.CharField(max_length=50, db_index=True)
    email = models.EmailField(unique=True)
    bio = models.TextField(blank=True, help_text="A few sentences about the author.")

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.last_name


class Tag(models.Model):
    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=40)

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug


class Book(models.Model):
    GENRES = [
        ("FI", "Fiction"),
        ("NF", "Non-fiction"),
        ("SF", "Science fiction"),
        ("PO", "Poetry"),
    ]

    sku = models.UUIDField(unique=True, default=uuid.uuid4)
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="books")
    publisher = models.ForeignKey(Publisher, on_delete=models.SET_NULL, null=True, blank=True)
    genre = models.CharField(max_length=2, default="FI", choices=GENRES)
    price = models.DecimalField(max_digits=8, decimal_places=2)
    pages = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    weight_grams = models.SmallIntegerField(null=True, blank=True)
    rating = models.FloatField(default=0.0)
    in_stock = models.BooleanField(default=True)
    published_on = models.DateField()
    reading_time = models.DurationField(null=True, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    metadata = models.JSONField(default=None, null=True, blank=True)
    cover = models.ImageField(upload_to="covers/", blank=True)
    sample = models.FileField(upload_to="samples/", blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="books")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on"]
        unique_together = [["title", "author"]]
        indexes = [models.Index(fields=["published_on", "genre"])]

    def __str__(self):
        return self.title
