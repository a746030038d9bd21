from rest_framework.pagination import CursorPagination


class IdCursorPagination(CursorPagination):
    """Newest first by primary key: a keyset page costs the same at row 10 and row 10 million."""

    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
