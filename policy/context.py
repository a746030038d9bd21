"""What the ticket page shows of the scope: the merchant's notice, or the agent's scope panel."""

from typing import Any

from tickets.models import Ticket

from .forms import CorrectionForm
from .selectors import scope_notice


def scope_context(ticket: Ticket, *, staff: bool) -> dict[str, Any]:
    if not staff:
        return {"scope_notice": scope_notice(ticket)}
    return {
        "scope_verdicts": list(ticket.verdicts.select_related("actor").order_by("-created_at", "-id")[:10]),
        "correction_form": CorrectionForm(initial={"topics": ticket.scope_topics}),
    }
