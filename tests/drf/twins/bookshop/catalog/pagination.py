from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """`pagination: {style: limit_offset, page_size: 10, max_page_size: 100}`."""

    max_limit = 100
