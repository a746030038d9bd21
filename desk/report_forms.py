"""The dashboard's filter: a date range (last 30 days unless chosen) and an optional queue."""

from datetime import date, timedelta

from django import forms
from django.http import QueryDict
from django.utils import timezone

from accounts.models import User

from .reports import ReportFilters, report_queues

DEFAULT_DAYS = 30
MAX_DAYS = 366  # a year of daily bars is the most a chart can still show


def default_range(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


class ReportFilterForm(forms.Form):
    start = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    queue = forms.ModelChoiceField(label="Queue", queryset=None, required=False, empty_label="All my queues")

    def __init__(self, data: QueryDict, *, user: User) -> None:
        # An empty date means the default range: filled in here so that the inputs show it.
        data = data.copy()
        first, last = default_range()
        for name, default in (("start", first), ("end", last)):
            if not data.get(name):
                data[name] = default.isoformat()
        super().__init__(data)
        # Only queues the user may see: a supervisor limited to queues cannot even name another one.
        self.fields["queue"].queryset = report_queues(user)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        first, last = default_range()
        start, end = cleaned.get("start") or first, cleaned.get("end") or last
        if start > end:
            raise forms.ValidationError("The start date must not be after the end date.", code="order")
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(f"Choose at most {MAX_DAYS} days.", code="span")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def filters(self) -> ReportFilters:
        queue = self.cleaned_data.get("queue")
        return ReportFilters(start=self.cleaned_data["start"], end=self.cleaned_data["end"],
                             queue_id=queue.pk if queue else None)
