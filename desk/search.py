"""Full-text search of the desk: subject, body and every message, ranked.

PostgreSQL: the tsvector expressions below are exactly those of the GIN indexes of migration
tickets 0006 (the planner only uses an expression index for the same expression). The 'simple'
configuration neither stems nor drops stop words, which suits a desk that receives German,
English, French, Dutch and Spanish alike. The search runs under a statement timeout, so that a
term matching half the database cannot tie up a connection the desk needs.

SQLite (the embedded mode) has no such index: it falls back to icontains.
"""

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from tickets.models import Message, Ticket

from .selectors import for_rows

RESULTS = 50
FEW = 1000  # up to this many matching tickets, their ids drive the query (see _ranked)
TICKET_VECTOR = "to_tsvector('simple'::regconfig, tickets_ticket.subject || ' ' || tickets_ticket.body)"
# Constant SQL; the search term is always a bound parameter.
MATCH_SQL = (
    "SELECT tickets_ticket.id FROM tickets_ticket WHERE "  # noqa: S608
    + TICKET_VECTOR + " @@ websearch_to_tsquery('simple', %s) "
    "UNION SELECT ticket_id FROM tickets_message "
    "WHERE to_tsvector('simple'::regconfig, tickets_message.body) @@ websearch_to_tsquery('simple', %s)"
)
RANK_SQL = f"ts_rank({TICKET_VECTOR}, websearch_to_tsquery('simple', %s))"
QUERY_CANCELED = "57014"


class SearchTimeout(Exception):
    """The search took longer than settings.DESK_SEARCH_TIMEOUT_MS and was cancelled."""


def _reference_match(tickets: QuerySet[Ticket], term: str) -> list[Ticket]:
    ticket_id = Ticket.id_from_reference(term)
    return list(tickets.filter(pk=ticket_id)) if ticket_id is not None else []


def _fallback(tickets: QuerySet[Ticket], term: str) -> QuerySet[Ticket]:
    in_messages = Message.objects.filter(body__icontains=term).values("ticket_id")
    return tickets.filter(Q(subject__icontains=term) | Q(body__icontains=term) | Q(pk__in=in_messages)).order_by("-id")


def _ranked(tickets: QuerySet[Ticket], term: str) -> QuerySet[Ticket]:
    """Matches by rank. A selective term is looked up first and its ids handed to the main query:
    PostgreSQL cannot estimate how rare a word is and otherwise scans the view for it. A term with
    more than FEW matches is left to one ranked query (under the timeout)."""
    with connection.cursor() as cursor:
        cursor.execute(f"{MATCH_SQL} LIMIT %s", [term, term, FEW + 1])
        ids = [row[0] for row in cursor.fetchall()]
    matching = Q(pk__in=ids) if len(ids) <= FEW else Q(pk__in=RawSQL(MATCH_SQL, [term, term]))  # noqa: S611
    return tickets.filter(matching).annotate(rank=RawSQL(RANK_SQL, [term])).order_by("-rank", "-id")  # noqa: S611


def _cancelled(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "pgcode", None) == QUERY_CANCELED or getattr(cause, "sqlstate", None) == QUERY_CANCELED


def search_tickets(tickets: QuerySet[Ticket], term: str, *, limit: int = RESULTS) -> list[Ticket]:
    """The best `limit` matches among `tickets` (already scoped to the user and the view); a ticket
    reference (IXXO-000123) comes first. Raises SearchTimeout."""
    term = term.strip()[:200]
    if not term:
        return []
    tickets = for_rows(tickets)
    exact = _reference_match(tickets, term)
    if connection.vendor != "postgresql":
        found = list(_fallback(tickets, term)[:limit])
    else:
        found = _with_timeout(lambda: list(_ranked(tickets, term)[:limit]))
    return exact + [ticket for ticket in found if ticket not in exact]


def _with_timeout(run):  # noqa: ANN001, ANN202
    timeout_ms = settings.DESK_SEARCH_TIMEOUT_MS
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL; the old value is put back below because inside an
            # outer transaction (a savepoint) a SET LOCAL would otherwise outlive this search.
            cursor.execute("SELECT current_setting('statement_timeout'), set_config('statement_timeout', %s, true)",
                           [f"{timeout_ms}ms"])
            previous = cursor.fetchone()[0]
            result = run()
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return result
    except OperationalError as exc:
        if _cancelled(exc):
            raise SearchTimeout from exc
        raise
