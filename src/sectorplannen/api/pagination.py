"""Pages of every list: ``page`` and ``pageSize`` (lower camelCase query keys)."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """A page that does not exist (0, a word, past the end) or a page size out of range is invalid input (400)."""

    page_size = 50
    page_size_query_param = "pageSize"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound as exc:
            raise exceptions.ValidationError({"page": [exceptions.ErrorDetail(str(exc.detail),
                                                                              code="invalid_value")]}) from None

    def get_page_size(self, request):
        given = request.query_params.get(self.page_size_query_param)
        if given is None:
            return self.page_size
        if not given.isdigit() or not 1 <= int(given) <= self.max_page_size:
            raise exceptions.ValidationError({self.page_size_query_param: [exceptions.ErrorDetail(
                f"Een paginagrootte van 1 tot {self.max_page_size}.", code="invalid_value")]})
        return int(given)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for p in parameters:
            p["schema"]["minimum"] = 1
            if p["name"] == self.page_size_query_param:
                p["schema"]["maximum"] = self.max_page_size
        return parameters
