"""The merchant portal and the plain agent ticket page (server-rendered, no JavaScript needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import is_support_staff
from core.errors import DomainError
from core.forms import add_service_errors
from policy.context import scope_context

from . import selectors, services
from .downloads import attachment_response
from .forms import ReplyForm, TicketForm
from .models import Ticket


def home(request: HttpRequest) -> HttpResponse:
    return redirect("tickets:list" if request.user.is_authenticated else "accounts:login")


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def ticket_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    filters = selectors.TicketFilters(
        status=status if status in Ticket.Status.values else "",
        open_only=status == "active",
        search=request.GET.get("q", "")[:200],
    )
    queryset = selectors.ticket_search(selectors.tickets_visible_to(request.user), filters)
    tickets, next_before = selectors.ticket_page(queryset, before_id=_int_or_none(request.GET.get("before")))
    return render(request, "tickets/list.html", {
        "tickets": tickets, "next_before": next_before, "filters": filters, "status": status,
        "statuses": Ticket.Status.choices, "is_first_page": not request.GET.get("before"),
    })


@login_required
def ticket_new(request: HttpRequest) -> HttpResponse:
    merchant = request.user.merchant
    if merchant is None:
        return redirect("tickets:list")
    form = TicketForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket = services.ticket_create(actor=request.user, subject=form.cleaned_data["subject"],
                                            body=form.cleaned_data["body"], uploads=form.cleaned_data["attachments"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Thank you. Your ticket {ticket.reference} has been received.")
            return redirect("tickets:detail", ticket_id=ticket.pk)
    # Without an active licence the page says so instead of showing the form, as a 403 like the API's;
    # a form with errors is a 400.
    status = 403 if not merchant.has_active_licence else 400 if request.method == "POST" else 200
    return render(request, "tickets/new.html", {"form": form, "licence_active": merchant.has_active_licence},
                  status=status)


def _render_detail(request: HttpRequest, ticket: Ticket, *, reply_form: ReplyForm | None = None,
                   status: int = 200) -> HttpResponse:
    """The merchant's ticket page (staff work on the desk's ticket page)."""
    return render(request, "tickets/detail.html", {
        "ticket": ticket,
        "thread": selectors.messages_visible_to(user=request.user, ticket=ticket),
        "ticket_attachments": ticket.attachments.filter(message__isnull=True),
        "reply_form": reply_form or ReplyForm(),
        **scope_context(ticket, staff=False),
    }, status=status)


@login_required
def ticket_detail(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    if is_support_staff(request.user):
        return redirect("desk:ticket", ticket_id=ticket.pk)  # staff work on the desk's ticket page
    return _render_detail(request, ticket)


@login_required
@require_POST
def ticket_reply(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    if is_support_staff(request.user):
        return redirect("desk:ticket", ticket_id=ticket.pk)  # staff reply on the desk's ticket page
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.message_create(actor=request.user, ticket=ticket, body=form.cleaned_data["body"],
                                    uploads=form.cleaned_data["attachments"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Your reply was sent.")
            return redirect("tickets:detail", ticket_id=ticket.pk)
    return _render_detail(request, ticket, reply_form=form, status=400)


@login_required
@require_POST
def ticket_status(request: HttpRequest, ticket_id: int) -> HttpResponse:
    """Merchants' close and reopen buttons."""
    ticket = selectors.ticket_get(user=request.user, ticket_id=ticket_id)
    target = request.POST.get("status", "")
    try:
        services.ticket_change_status(actor=request.user, ticket=ticket, status=target)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "Ticket closed." if target == Ticket.Status.CLOSED else "Ticket reopened.")
    return redirect("tickets:detail", ticket_id=ticket.pk)


@login_required
def attachment_download(request: HttpRequest, ticket_id: int, attachment_id: int) -> FileResponse:
    attachment = selectors.attachment_get(user=request.user, ticket_id=ticket_id, attachment_id=attachment_id)
    return attachment_response(attachment)
