"""Forms of the agent's ticket page."""

from django import forms

from accounts.models import User
from accounts.roles import support_staff
from tickets.forms import MultipleFileField
from tickets.models import Queue, Ticket


class RespondForm(forms.Form):
    """Reply or note, and the ticket's status, priority, queue and assignee, in one submit."""

    kind = forms.ChoiceField(label="Send as", choices=[("reply", "Public reply"), ("note", "Internal note")],
                             widget=forms.RadioSelect, initial="reply")
    body = forms.CharField(label="Message", required=False,
                           widget=forms.Textarea(attrs={"rows": 8, "data-reply-box": ""}))
    attachments = MultipleFileField()
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "— automatic —"), *Ticket.Status.choices],
                               help_text="Automatic: a public reply sets “Pending merchant”.")
    priority = forms.TypedChoiceField(choices=Ticket.Priority.choices, coerce=int)
    queue = forms.ModelChoiceField(queryset=Queue.objects.none(), required=False, empty_label="— none —")
    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="— unassigned —")
    tags = forms.CharField(label="Tags", required=False, help_text="Comma-separated")
    seen_message = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirm_stale = forms.BooleanField(required=False, label="Send anyway: I have read the new messages")

    def __init__(self, *args, ticket: Ticket, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"priority": ticket.priority, "queue": ticket.queue_id, "assignee": ticket.assignee_id,
                             "tags": ", ".join(sorted(t.name for t in ticket.tags.all())), **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = Queue.objects.filter(is_active=True)
        self.fields["assignee"].queryset = support_staff()

    def clean_tags(self) -> list[str]:
        return sorted({tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()})
