from rest_framework import serializers

from .models import Author, Book, Publisher, Tag


class PublisherSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publisher
        fields = "__all__"


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "first_name", "last_name", "email", "bio"]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = "__all__"


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        exclude = ["sample"]
        read_only_fields = ["sku"]
        extra_kwargs = {"title": {"min_length": 2}}
