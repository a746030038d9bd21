"""Who else has a ticket open, for collision detection.

The page sends a heartbeat every few seconds; a row seen within `SEEN_WINDOW` counts as viewing,
one whose `typing_at` is within `TYPING_WINDOW` as typing. Rows live in the database, so every
gunicorn worker sees the same agents.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from tickets.models import Ticket

from .models import TicketPresence

SEEN_WINDOW = timedelta(seconds=20)
TYPING_WINDOW = timedelta(seconds=8)
FORGET_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Presence:
    user_id: int
    name: str
    typing: bool

    def as_json(self) -> dict:
        return {"user_id": self.user_id, "name": self.name, "typing": self.typing,
                "text": f"{self.name} is {'typing a reply' if self.typing else 'viewing'}"}


def presence_touch(*, user: User, ticket: Ticket, typing: bool = False) -> None:
    """Record that the agent is on the ticket (and typing). One upsert: two tabs of the same agent,
    or two workers, never collide on the (ticket, user) unique key."""
    now = timezone.now()
    row = TicketPresence(ticket=ticket, user=user, seen_at=now, typing_at=now if typing else None)
    fields = ["seen_at", "typing_at"] if typing else ["seen_at"]
    TicketPresence.objects.bulk_create([row], update_conflicts=True, unique_fields=["ticket", "user"],
                                       update_fields=fields)
    # Housekeeping, safe to run twice: rows of agents long gone.
    TicketPresence.objects.filter(ticket=ticket, seen_at__lt=now - FORGET_AFTER).delete()


def presence_leave(*, user: User, ticket: Ticket) -> None:
    TicketPresence.objects.filter(ticket=ticket, user=user).delete()


def presence_others(*, user: User, ticket: Ticket) -> list[Presence]:
    now = timezone.now()
    rows = (TicketPresence.objects.filter(ticket=ticket, seen_at__gte=now - SEEN_WINDOW).exclude(user=user)
            .select_related("user").order_by(F("typing_at").desc(nulls_last=True), "user__username"))
    return [Presence(user_id=row.user_id, name=row.user.get_full_name() or row.user.get_username(),
                     typing=bool(row.typing_at and row.typing_at >= now - TYPING_WINDOW)) for row in rows]
