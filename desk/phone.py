"""Phone and chat logging: an agent opens a ticket on a merchant's behalf, so calls land in the
same history. It goes through tickets.services.ticket_create like any ticket (classification,
routing, SLA), and the merchant sees it in their portal."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.models import Merchant, User
from core.errors import DomainError
from core.forms import add_service_errors
from tickets import selectors, services
from tickets.forms import MultipleFileField
from tickets.models import Ticket

from .access import staff_only


class RequesterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.merchant.name})" if obj.merchant else name


class LogTicketForm(forms.Form):
    merchant = forms.ModelChoiceField(queryset=Merchant.objects.order_by("name"))
    requester = RequesterChoice(queryset=User.objects.none(), help_text="The person you spoke with.")
    channel = forms.ChoiceField(choices=[(Ticket.Channel.PHONE, "Phone call"), (Ticket.Channel.CHAT, "Chat")],
                                widget=forms.RadioSelect, initial=Ticket.Channel.PHONE)
    subject = forms.CharField(max_length=200)
    body = forms.CharField(label="Call or chat notes", widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="What the merchant asked, in their words where you can. They will see it.")
    priority = forms.TypedChoiceField(choices=Ticket.Priority.choices, coerce=int, initial=Ticket.Priority.NORMAL)
    attachments = MultipleFileField()

    def __init__(self, *args, merchant_id: str | None = None, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        users = User.objects.filter(merchant__isnull=False, is_active=True).select_related("merchant")
        chosen = self.data.get("merchant") or merchant_id
        if chosen and str(chosen).isdigit():
            users = users.filter(merchant_id=int(chosen))
        self.fields["requester"].queryset = users.order_by("merchant__name", "username")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("merchant") and data.get("requester") and data["requester"].merchant_id != data["merchant"].pk:
            self.add_error("requester", "Choose a user of this merchant.")
        return data


@staff_only
def ticket_log(request: HttpRequest) -> HttpResponse:
    merchant_id = request.GET.get("merchant")
    form = LogTicketForm(request.POST or None, request.FILES or None, merchant_id=merchant_id,
                         initial={"merchant": merchant_id} if merchant_id else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket = services.ticket_create(
                actor=request.user, merchant=data["merchant"], requester=data["requester"], channel=data["channel"],
                subject=data["subject"], body=data["body"], priority=data["priority"], uploads=data["attachments"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{ticket.reference} logged for {ticket.merchant.name}.")
            if selectors.tickets_visible_to(request.user).filter(pk=ticket.pk).exists():
                return redirect("desk:ticket", ticket_id=ticket.pk)
            return redirect("desk:queue")
    return render(request, "desk/ticket_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)
