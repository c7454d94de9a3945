from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class TicketPagination(PageNumberPagination):
    """DRF's page numbers (20 a page, `?page_size=` up to 100), with the links grouped as DRF's
    documentation shows a custom pagination class."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response({
            "links": {"next": self.get_next_link(), "previous": self.get_previous_link()},
            "count": self.page.paginator.count,
            "results": data,
        })
