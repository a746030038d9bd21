import django_filters

from ..models import Ticket
from .serializers import PRIORITY_VALUES


class TicketFilter(django_filters.FilterSet):
    # distinct=False: status is a column of the ticket, so no join can repeat a row; the default
    # SELECT DISTINCT made PostgreSQL sort every matching ticket before taking a page (bench/ticket_list.py).
    status = django_filters.MultipleChoiceFilter(choices=Ticket.Status.choices, distinct=False)
    priority = django_filters.ChoiceFilter(choices=[(name, name) for name in PRIORITY_VALUES],
                                           method="filter_priority")
    queue = django_filters.CharFilter(field_name="queue__slug")
    assignee = django_filters.CharFilter(field_name="assignee__username")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    search = django_filters.CharFilter(method="filter_search", max_length=200)

    class Meta:
        model = Ticket
        fields = ["status", "priority", "queue", "assignee", "channel", "needs_review", "scope_verdict"]

    def filter_priority(self, queryset, name, value):  # noqa: ANN001, ANN201
        return queryset.filter(priority=PRIORITY_VALUES[value])

    def filter_search(self, queryset, name, value):  # noqa: ANN001, ANN201
        from ..selectors import TicketFilters, ticket_search

        return ticket_search(queryset, TicketFilters(search=value))
