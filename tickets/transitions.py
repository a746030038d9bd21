"""Which status may follow which. One table; services.ticket_set_status applies it."""

from .models import Ticket

S = Ticket.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.OPEN, S.PENDING, S.ON_HOLD, S.RESOLVED, S.CLOSED}),
    S.OPEN: frozenset({S.PENDING, S.ON_HOLD, S.RESOLVED, S.CLOSED}),
    S.PENDING: frozenset({S.OPEN, S.ON_HOLD, S.RESOLVED, S.CLOSED}),
    S.ON_HOLD: frozenset({S.OPEN, S.PENDING, S.RESOLVED, S.CLOSED}),
    S.RESOLVED: frozenset({S.OPEN, S.CLOSED}),
    S.CLOSED: frozenset({S.OPEN}),
}

# What a merchant may do to their own ticket: close it, or reopen it.
MERCHANT_TARGETS = frozenset({S.CLOSED, S.OPEN})


def can_transition(current: str, target: str) -> bool:
    return target == current or target in TRANSITIONS.get(current, frozenset())
