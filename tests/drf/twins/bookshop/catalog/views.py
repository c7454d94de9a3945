from rest_framework import filters, permissions, viewsets

from .models import Author, Book, Publisher, Tag
from .serializers import AuthorSerializer, BookSerializer, PublisherSerializer, TagSerializer


class PublisherViewSet(viewsets.ModelViewSet):
    queryset = Publisher.objects.all()
    serializer_class = PublisherSerializer
    filter_backends = [filters.SearchFilter]
    search_fields = ["name"]


class AuthorViewSet(viewsets.ModelViewSet):
    queryset = Author.objects.all()
    serializer_class = AuthorSerializer
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["first_name", "last_name"]
    ordering_fields = ["last_name", "first_name"]


class TagViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Tag.objects.all()
    serializer_class = TagSerializer
    permission_classes = [permissions.AllowAny]


class BookViewSet(viewsets.ModelViewSet):
    queryset = Book.objects.all()
    serializer_class = BookSerializer
    filter_backends = [filters.SearchFilter, filters.OrderingFilter]
    search_fields = ["title", "author__last_name"]
    ordering_fields = ["price", "published_on", "title"]

    def get_queryset(self):
        # `filters:` in the spec: each query parameter, when present, is an exact filter.
        queryset = super().get_queryset()
        for param, lookup in [
            ("author", "author__last_name"),
            ("publisher", "publisher__name"),
            ("genre", "genre"),
        ]:
            value = self.request.query_params.get(param)
            if value is not None:
                queryset = queryset.filter(**{lookup: value})
        return queryset
