"""Bulk actions on the tickets an agent selected in the queue.

Each ticket goes through the same service a single edit uses (tickets.services.ticket_update,
tickets.merging.ticket_merge), in its own transaction: the audit trail and the SLA hooks stay
right, and one ticket that cannot change (an illegal status transition) does not undo the others.
"""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from accounts.models import User
from accounts.roles import is_support_staff
from tickets.merging import ticket_merge
from tickets.models import Queue, Ticket
from tickets.services import ticket_update

MAX_SELECTED = 200
ACTIONS = [("assign", "Assign to"), ("status", "Set status"), ("priority", "Set priority"),
           ("queue", "Move to queue"), ("tags", "Add tags"), ("merge", "Merge into the oldest selected")]


class BulkForm(forms.Form):
    tickets = forms.TypedMultipleChoiceField(coerce=int, choices=(), error_messages={
        "required": "Select at least one ticket."})
    action = forms.ChoiceField(choices=ACTIONS)
    assignee = forms.CharField(required=False, max_length=150)
    status = forms.ChoiceField(choices=[("", "—"), *Ticket.Status.choices], required=False)
    priority = forms.TypedChoiceField(choices=[("", "—"), *Ticket.Priority.choices], coerce=int, required=False,
                                      empty_value=None)
    queue = forms.CharField(required=False, max_length=100)
    tags = forms.CharField(required=False, max_length=300, help_text="Comma-separated")

    def __init__(self, *args: Any, user: User, queues: list[Queue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.queues = {queue.slug: queue for queue in queues}
        # Any id is accepted here; which of them the user may touch is decided by the selector.
        self.fields["tickets"].valid_value = lambda value: str(value).isdigit()

    def clean_tickets(self) -> list[int]:
        ids = self.cleaned_data["tickets"]
        if len(ids) > MAX_SELECTED:
            raise ValidationError(f"Select at most {MAX_SELECTED} tickets at once.")
        return ids

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        action = data.get("action")
        if action == "status" and not data.get("status"):
            self.add_error("status", "Choose a status.")
        if action == "priority" and not data.get("priority"):
            self.add_error("priority", "Choose a priority.")
        if action == "queue":
            data["queue_obj"] = self.queues.get(data.get("queue", ""))
            if data["queue_obj"] is None:
                self.add_error("queue", "Choose one of your queues.")
        if action == "tags" and not _tag_names(data.get("tags", "")):
            self.add_error("tags", "Name at least one tag.")
        if action == "merge" and len(data.get("tickets") or []) < 2:
            self.add_error("tickets", "Select at least two tickets to merge.")
        if action == "assign":
            data["assignee_user"] = self._assignee(data.get("assignee", ""))
        return data

    def _assignee(self, name: str) -> User | None:
        name = name.strip()
        if name in ("", "none"):
            return None
        if name == "me":
            return self.user
        user = User.objects.filter(username=name, merchant__isnull=True).first()
        if user is None or not is_support_staff(user):
            self.add_error("assignee", "No member of staff has this username.")
        return user


def _tag_names(text: str) -> list[str]:
    return [name.strip().lower() for name in text.split(",") if name.strip()]


@dataclass
class BulkResult:
    changed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def bulk_apply(*, actor: User, tickets: QuerySet[Ticket], data: dict[str, Any]) -> BulkResult:
    """Apply the form's action to `tickets` (the visible ones among the selection)."""
    result = BulkResult()
    selected = list(tickets.prefetch_related("tags").order_by("id"))
    if data["action"] == "merge":
        survivor, duplicates = selected[0] if selected else None, selected[1:]
        for duplicate in duplicates:
            _apply_one(result, duplicate, lambda t: ticket_merge(actor=actor, source=t, target=survivor))
        return result
    changes = _changes(data)
    for ticket in selected:
        extra = {"tags": sorted({*(t.name for t in ticket.tags.all()), *changes["add_tags"]})} \
            if "add_tags" in changes else {}
        plain = {k: v for k, v in changes.items() if k != "add_tags"}
        _apply_one(result, ticket, lambda t, p=plain, e=extra: ticket_update(actor=actor, ticket=t, **p, **e))
    return result


def _changes(data: dict[str, Any]) -> dict[str, Any]:
    action = data["action"]
    if action == "assign":
        return {"assignee": data["assignee_user"]}
    if action == "status":
        return {"status": data["status"]}
    if action == "priority":
        return {"priority": data["priority"]}
    if action == "queue":
        return {"queue": data["queue_obj"]}
    return {"add_tags": _tag_names(data["tags"])}


def _apply_one(result: BulkResult, ticket: Ticket, change) -> None:  # noqa: ANN001
    try:
        change(ticket)
    except (ValidationError, PermissionDenied) as exc:
        result.failed.append((ticket.reference, _messages(exc)))
    else:
        result.changed += 1
