"""The agent's ticket page: thread, one reply-and-change form, scope, merchant and presence panels."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from policy.context import scope_context
from policy.models import ScopeTopic
from tickets import selectors
from tickets.claiming import AlreadyClaimed, ticket_claim
from tickets.models import Message, Ticket

from . import canned, presence, ticket_selectors
from .access import staff_only
from .reply import StaleReply, ticket_respond
from .ticket_forms import RespondForm


def _prefill(request: HttpRequest, ticket: Ticket) -> str:
    """Without JavaScript, ?canned=<id> or ?explain=<topic> fills the reply box on the server."""
    if request.GET.get("canned", "").isdigit():
        reply = next((r for r in canned.canned_for_ticket(ticket) if r.pk == int(request.GET["canned"])), None)
        if reply:
            return canned.fill(reply.body, canned.placeholder_values(ticket=ticket, agent=request.user,
                                                                     topic=reply.topic))
    topic = ScopeTopic.objects.filter(slug=request.GET.get("explain", ""), kind=ScopeTopic.Kind.RESTRICTED).first()
    return canned.explanation_for(ticket=ticket, agent=request.user, topic=topic) if topic else ""


def _render(request: HttpRequest, ticket: Ticket, form: RespondForm, *, newer: list[Message] | None = None,
            status: int = 200) -> HttpResponse:
    agent = request.user
    topics = ticket_selectors.restricted_topics(ticket)
    return render(request, "desk/ticket.html", {
        "ticket": ticket,
        "thread": selectors.messages_visible_to(user=agent, ticket=ticket),
        "ticket_attachments": ticket.attachments.filter(message__isnull=True),
        "events": list(ticket.events.select_related("actor").order_by("-created_at", "-id")[:50])[::-1],
        "form": form,
        "newer": newer,
        "canned_replies": canned.filled_replies(ticket=ticket, agent=agent,
                                                replies=canned.canned_for_ticket(ticket)),
        "explanations": [{"topic": t, "body": canned.explanation_for(ticket=ticket, agent=agent, topic=t)}
                         for t in topics],
        "merchant_tickets": ticket_selectors.merchant_tickets(user=agent, ticket=ticket),
        "others": presence.presence_others(user=agent, ticket=ticket),
        "claim_next_url": reverse("desk:claim_next"),
        **scope_context(ticket, staff=True),
    }, status=status)


@staff_only
def ticket_page(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    presence.presence_touch(user=request.user, ticket=ticket)
    form = RespondForm(ticket=ticket, initial={"body": _prefill(request, ticket),
                                               "seen_message": ticket_selectors.latest_message_id(ticket)})
    return _render(request, ticket, form)


@staff_only
@require_POST
def ticket_respond_view(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    form = RespondForm(request.POST, request.FILES, ticket=ticket)
    if not form.is_valid():
        return _render(request, ticket, form, status=400)
    data = form.cleaned_data
    internal = data["kind"] == "note"
    try:
        message = ticket_respond(
            actor=request.user, ticket=ticket, body=data["body"], internal=internal, uploads=data["attachments"],
            status=data["status"], changes={k: data[k] for k in ("priority", "queue", "assignee", "tags")},
            seen_message_id=data["seen_message"], confirm_stale=data["confirm_stale"])
    except StaleReply as exc:
        # Keep the typed text; move the "seen" mark so that "send anyway" is a conscious second submit.
        form.data = form.data.copy()
        form.data["seen_message"] = str(exc.newer[-1].pk)
        return _render(request, ticket, form, newer=exc.newer, status=409)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _render(request, ticket, form, status=400)
    presence.presence_touch(user=request.user, ticket=ticket)
    messages.success(request, "Ticket updated." if message is None else
                     "Your note was added." if internal else "Your reply was sent.")
    if selectors.tickets_visible_to(request.user).filter(pk=ticket.pk).exists():
        return redirect("desk:ticket", ticket_id=ticket.pk)
    return redirect("desk:queue")  # moved to a queue this agent does not work in


@staff_only
@require_POST
def assign_to_me(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """The same claim as the queue's and the API's: a ticket another agent holds is not taken over
    (the assignee field of the form reassigns it on purpose)."""
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    try:
        ticket_claim(actor=request.user, ticket=ticket)
    except AlreadyClaimed as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{ticket.reference} is assigned to you.")
    return redirect("desk:ticket", ticket_id=ticket.pk)


@staff_only
@require_http_methods(["GET", "POST"])
def presence_view(request: HttpRequest, ticket_id: int) -> JsonResponse:
    """POST: heartbeat (`typing=1` while typing); GET: the other agents on the ticket right now."""
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    if request.method == "POST":
        if request.POST.get("leave"):
            presence.presence_leave(user=request.user, ticket=ticket)
        else:
            presence.presence_touch(user=request.user, ticket=ticket, typing=request.POST.get("typing") == "1")
    others = presence.presence_others(user=request.user, ticket=ticket)
    return JsonResponse({"others": [p.as_json() for p in others],
                         "latest_message_id": ticket_selectors.latest_message_id(ticket)})
