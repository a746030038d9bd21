"""Phone and chat logging: an agent opens a ticket on a merchant's behalf, so calls land in the
same history. It goes through tickets.services.ticket_create like any ticket (classification,
routing, SLA), and the merchant sees it in their portal.

The agent first finds the merchant (name, contact e-mail or licence key; a JSON endpoint feeds the
suggestions, a plain GET search works without JavaScript), then picks the requester among that
merchant's users only: with thousands of merchants, no page lists them all."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.models import Merchant, User
from core.errors import DomainError
from core.forms import add_service_errors
from tickets import selectors, services
from tickets.forms import MultipleFileField
from tickets.models import Ticket

from .access import staff_only
from .ticket_selectors import MERCHANT_MATCHES, merchant_users, merchants_matching


class RequesterChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} · {obj.email}" if obj.email else name


class LogTicketForm(forms.Form):
    merchant = forms.ModelChoiceField(
        queryset=Merchant.objects.all(), widget=forms.HiddenInput,
        error_messages={"required": "Find and choose the merchant first.",
                        "invalid_choice": "That merchant does not exist; find it again."})
    requester = RequesterChoice(queryset=User.objects.none(), help_text="The person you spoke with.")
    channel = forms.ChoiceField(choices=[(Ticket.Channel.PHONE, "Phone call"), (Ticket.Channel.CHAT, "Chat")],
                                widget=forms.RadioSelect, initial=Ticket.Channel.PHONE)
    subject = forms.CharField(max_length=200)
    body = forms.CharField(label="Call or chat notes", widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="What the merchant asked, in their words where you can. They will see it.")
    priority = forms.TypedChoiceField(choices=Ticket.Priority.choices, coerce=int, initial=Ticket.Priority.NORMAL)
    attachments = MultipleFileField()

    def __init__(self, *args, merchant: Merchant | None = None, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        if merchant is not None:
            self.fields["requester"].queryset = merchant_users(merchant)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("merchant") and data.get("requester") and data["requester"].merchant_id != data["merchant"].pk:
            self.add_error("requester", "Choose a user of this merchant.")
        return data


def _chosen_merchant(value: str | None) -> Merchant | None:
    if value and str(value).isdigit():
        return Merchant.objects.filter(pk=int(value)).first()
    return None


@staff_only
def ticket_log(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    merchant = _chosen_merchant(source.get("merchant"))
    form = LogTicketForm(request.POST or None, request.FILES or None, merchant=merchant,
                         initial={"merchant": merchant.pk} if merchant else None)
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
    term = request.GET.get("q", "").strip()[:100] if merchant is None else ""
    return render(request, "desk/ticket_new.html", {
        "form": form, "merchant": merchant, "q": term, "matches": merchants_matching(term), "limit": MERCHANT_MATCHES,
    }, status=400 if request.method == "POST" else 200)


@staff_only
def merchant_search(request: HttpRequest) -> JsonResponse:
    """Suggestions for the merchant search on the log-a-call page (at most MERCHANT_MATCHES)."""
    base = reverse("desk:ticket_new")
    term = request.GET.get("q", "").strip()[:100]
    return JsonResponse({"results": [
        {"id": m.pk, "name": m.name, "contact_email": m.contact_email, "licence_key": m.licence_key,
         "url": f"{base}?merchant={m.pk}"} for m in merchants_matching(term)]})
