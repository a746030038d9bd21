"""The filters of a custom queue view: a form validates the query string (or a saved view's
stored copy of it) and turns it into ORM filters. Bad input is a form error, never a 500."""

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from tickets.models import Queue, Ticket

VERDICTS = [("in_scope", "In scope"), ("restricted", "Restricted"), ("mixed", "Mixed"), ("unclear", "Unclear")]
FIELDS = ("status", "priority", "queue", "verdict", "topic", "tag", "merchant", "channel", "language", "assignee",
          "created_after", "created_before", "due_after", "due_before")


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class QueueFilterForm(forms.Form):
    status = forms.MultipleChoiceField(choices=Ticket.Status.choices, required=False)
    priority = forms.TypedMultipleChoiceField(choices=Ticket.Priority.choices, coerce=int, required=False)
    queue = forms.MultipleChoiceField(choices=(), required=False)
    verdict = forms.ChoiceField(choices=[("", "Any"), *VERDICTS], required=False)
    topic = forms.SlugField(max_length=60, required=False, help_text="A scope topic slug, e.g. licensing")
    tag = forms.SlugField(max_length=50, required=False)
    merchant = forms.CharField(max_length=120, required=False, help_text="Merchant id or part of the name")
    channel = forms.ChoiceField(choices=[("", "Any"), *Ticket.Channel.choices], required=False)
    language = forms.RegexField(regex=r"^[a-z]{2,3}(-[a-z0-9]{2,4})?$", max_length=8, required=False,
                                error_messages={"invalid": "Use a language code such as en or de."})
    assignee = forms.CharField(max_length=150, required=False, help_text="me, none, or a username")
    created_after = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    created_before = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_after = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    due_before = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: User, queues: list[Queue], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["queue"].choices = [(q.slug, q.name) for q in queues]

    def clean_assignee(self) -> str:
        name = self.cleaned_data["assignee"].strip()
        if name and name not in ("me", "none") and not User.objects.filter(username=name,
                                                                            merchant__isnull=True).exists():
            raise forms.ValidationError("No member of staff has this username.")
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for first, last in (("created_after", "created_before"), ("due_after", "due_before")):
            if data.get(first) and data.get(last) and data[first] > data[last]:
                self.add_error(last, "This date is before the start of the range.")
        return data

    def has_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in FIELDS)

    def stored(self) -> dict[str, Any]:
        """The valid filters as JSON for a SavedView (the same shape as the query string)."""
        out: dict[str, Any] = {}
        for name in FIELDS:
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            out[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
        return out

    def apply(self, tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
        data = self.cleaned_data
        # A desk view is about work to do: without a status filter it shows open tickets only.
        tickets = tickets.filter(status__in=data["status"] or Ticket.OPEN_STATUSES)
        simple = {"priority__in": data["priority"], "queue__slug__in": data["queue"], "scope_verdict": data["verdict"],
                  "tags__name": data["tag"], "channel": data["channel"], "language": data["language"]}
        tickets = tickets.filter(**{key: value for key, value in simple.items() if value})
        if data["topic"]:
            tickets = self._topic(tickets, data["topic"])
        merchant = data["merchant"].strip()
        if merchant:
            tickets = tickets.filter(merchant_id=int(merchant)) if merchant.isdigit() else tickets.filter(
                merchant__name__icontains=merchant)
        assignee = data["assignee"]
        if assignee == "me":
            tickets = tickets.filter(assignee=self.user)
        elif assignee == "none":
            tickets = tickets.filter(assignee__isnull=True)
        elif assignee:
            tickets = tickets.filter(assignee__username=assignee)
        for name, lookup in (("created_after", "created_at__gte"), ("due_after", "sla_due_at__gte")):
            if data[name]:
                tickets = tickets.filter(**{lookup: _day_start(data[name])})
        for name, lookup in (("created_before", "created_at__lt"), ("due_before", "sla_due_at__lt")):
            if data[name]:  # inclusive of the day named
                tickets = tickets.filter(**{lookup: _day_start(data[name]) + timedelta(days=1)})
        return tickets

    @staticmethod
    def _topic(tickets: QuerySet[Ticket], topic: str) -> QuerySet[Ticket]:
        if connection.vendor == "postgresql":
            return tickets.filter(scope_topics__contains=[topic])
        return tickets.filter(scope_topics__icontains=f'"{topic}"')  # SQLite has no JSON containment
