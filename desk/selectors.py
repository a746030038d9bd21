"""What the triage queue reads: its views, a keyset page sorted by SLA due time, and sidebar counts.

Every view starts from `tickets_visible_to(user)`, so an agent limited to some queues never sees
another queue's ticket here, in a count or in a search.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from tickets.models import Queue, Ticket
from tickets.selectors import tickets_visible_to

from .models import SavedView

PAGE_SIZE = 50
# What a queue row shows; leaving out the bodies keeps a 50-row page light.
ROW_FIELDS = ("id", "subject", "status", "priority", "created_at", "first_response_at", "first_response_due_at",
              "resolution_due_at", "sla_due_at", "merchant__name", "queue__name", "assignee__username")


def for_rows(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    return tickets.select_related("queue", "assignee", "merchant").only(*ROW_FIELDS)
COUNT_CAP = 1000  # the sidebar says "1000+" beyond this: counting more would cost more than it tells
SOON = timedelta(hours=2)
# Statuses whose SLA clock runs (pending waits for the merchant; its clock is paused).
RUNNING = (Ticket.Status.NEW, Ticket.Status.OPEN, Ticket.Status.ON_HOLD)


@dataclass(frozen=True)
class DeskView:
    key: str
    label: str
    saved: SavedView | None = None


def queues_for(user: User) -> QuerySet[Queue]:
    """The queues the desk offers the user: their own when limited to them, else every active one."""
    if user.restrict_to_queues:
        return user.queues.filter(is_active=True).order_by("name")
    return Queue.objects.filter(is_active=True).order_by("name")


def member_queue_ids(user: User) -> list[int]:
    """The queues the user is a member of (read once per request: the page and its counts both need it)."""
    if not hasattr(user, "_desk_queue_ids"):
        user._desk_queue_ids = list(user.queues.values_list("id", flat=True))
    return user._desk_queue_ids


def saved_views_for(user: User) -> QuerySet[SavedView]:
    return SavedView.objects.filter(Q(owner=user) | Q(is_shared=True))


def desk_views(user: User, queues: list[Queue], saved: list[SavedView]) -> list[DeskView]:
    views = [DeskView("mine", "My open tickets"), DeskView("unassigned", "Unassigned in my queues"),
             DeskView("review", "Needs scope review"), DeskView("soon", "SLA breaching soon"),
             DeskView("breached", "Breached")]
    views += [DeskView(f"queue:{queue.slug}", queue.name) for queue in queues]
    views += [DeskView(f"saved:{view.pk}", view.name, view) for view in saved]
    return views


def view_tickets(user: User, view: DeskView, *, now: datetime | None = None) -> QuerySet[Ticket]:
    """The tickets of a built-in view (saved views add their filters on top of all open tickets)."""
    now = now or timezone.now()
    tickets = tickets_visible_to(user)
    open_ = tickets.filter(status__in=Ticket.OPEN_STATUSES)
    kind, _, arg = view.key.partition(":")
    if kind == "mine":
        return open_.filter(assignee=user)
    if kind == "unassigned":
        queue_ids = member_queue_ids(user)
        unassigned = open_.filter(assignee__isnull=True)
        return unassigned.filter(queue_id__in=queue_ids) if queue_ids else unassigned
    if kind == "review":
        return open_.filter(needs_review=True)
    if kind == "soon":
        return tickets.filter(status__in=RUNNING, sla_due_at__gt=now, sla_due_at__lte=now + SOON)
    if kind == "breached":
        return tickets.filter(status__in=RUNNING, sla_due_at__lte=now)
    if kind == "queue":
        return open_.filter(queue__slug=arg)
    if kind == "saved":
        return tickets
    raise Http404("No such view")


def find_view(views: list[DeskView], key: str) -> DeskView:
    for view in views:
        if view.key == key:
            return view
    raise Http404("No such view")


# --- keyset pages -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after (due, id). `due` None: inside the tickets without a due time."""

    due: datetime | None
    id: int

    def encode(self) -> str:
        return f"{self.due.isoformat() if self.due else 'none'}_{self.id}"

    @classmethod
    def decode(cls, text: str) -> "Cursor | None":
        due_text, _, id_text = (text or "").rpartition("_")
        if not id_text.isdigit():
            return None
        if due_text == "none":
            return cls(None, int(id_text))
        due = parse_datetime(due_text) if due_text else None
        return cls(due, int(id_text)) if due else None


def due_page(tickets: QuerySet[Ticket], cursor: Cursor | None,
             size: int | None = None) -> tuple[list[Ticket], Cursor | None]:
    """One page sorted by (sla_due_at, id), tickets without a due time last.

    Two steps instead of one `NULLS LAST` sort, so that each step is a plain range scan of a
    (sla_due_at, id) index whatever the database: at most two queries, however deep the page.
    """
    size = size or PAGE_SIZE
    tickets = for_rows(tickets)
    rows: list[Ticket] = []
    if cursor is None or cursor.due is not None:
        dated = tickets.filter(sla_due_at__isnull=False)
        if cursor is not None:
            # The >= is the index range bound; the OR only sorts out rows tied on the due time.
            dated = dated.filter(Q(sla_due_at__gt=cursor.due) | Q(sla_due_at=cursor.due, id__gt=cursor.id),
                                 sla_due_at__gte=cursor.due)
        rows = list(dated.order_by("sla_due_at", "id")[: size + 1])
    if len(rows) <= size:
        undated = tickets.filter(sla_due_at__isnull=True)
        if cursor is not None and cursor.due is None:
            undated = undated.filter(id__gt=cursor.id)
        rows += list(undated.order_by("id")[: size + 1 - len(rows)])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], Cursor(last.sla_due_at, last.pk)


# --- sidebar counts -----------------------------------------------------------------------------

def capped_counts(querysets: dict[str, QuerySet[Ticket]], cap: int | None = None) -> dict[str, int]:
    """How many tickets each view holds, up to cap + 1, in one SQL statement.

    Each count reads at most cap + 1 index entries (a LIMITed subquery), so a view with
    500,000 tickets costs no more than one with a thousand.
    """
    if not querysets:
        return {}
    cap = cap or COUNT_CAP
    parts, params = [], []
    for queryset in querysets.values():
        sql, part_params = queryset.order_by().values("id")[: cap + 1].query.sql_with_params()
        parts.append(f"(SELECT count(*) FROM ({sql}) AS capped)")  # noqa: S608 - Django-compiled, params bound
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(querysets, row, strict=True))
