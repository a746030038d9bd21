"""Scope actions on a ticket page: merchants ask for a review or a quote; agents confirm or correct."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tickets.selectors import ticket_get

from . import services
from .forms import CorrectionForm


def _back(ticket_id: int) -> HttpResponse:
    return redirect("tickets:detail", ticket_id=ticket_id)


@login_required
@require_POST
def review(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    services.review_request(actor=request.user, ticket=ticket, reason=request.POST.get("reason", ""))
    messages.success(request, "Thank you. A support agent will review whether we can help with this request.")
    return _back(ticket.pk)


@login_required
@require_POST
def quote(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    try:
        quote_ticket = services.quote_request(actor=request.user, ticket=ticket, topic=request.POST.get("topic", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(ticket.pk)
    messages.success(request, f"Your quote request {quote_ticket.reference} was sent to our professional "
                              "services team.")
    return redirect("tickets:detail", ticket_id=quote_ticket.pk)


@login_required
@require_POST
def correct(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the right topics and say why: " +
                       "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return _back(ticket.pk)
    try:
        services.verdict_correct(actor=request.user, ticket=ticket, topics=form.cleaned_data["topics"],
                                 reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Verdict corrected. The correction will teach the classifier at its next training.")
    return _back(ticket.pk)


@login_required
@require_POST
def confirm(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    try:
        services.verdict_confirm(actor=request.user, ticket=ticket)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Verdict confirmed.")
    return _back(ticket.pk)
