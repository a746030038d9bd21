"""The triage queue: views, search, keyset pages, get-next, assign-to-me, bulk actions, saved views.

Thin views: they parse input, read through desk.selectors (scoped by tickets_visible_to), and
call one service. Merchants and anyone who is not support staff get 404 on the desk.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.roles import support_staff
from core.errors import DomainError
from routing.templatetags.routing_sla import sla_state
from tickets.claiming import ticket_claim, ticket_claim_next
from tickets.selectors import ticket_get, tickets_visible_to

from . import selectors
from .access import staff_only
from .bulk import ACTIONS, BulkForm, bulk_apply
from .filters import QueueFilterForm
from .models import SavedView
from .search import SearchTimeout, search_tickets

DEFAULT_VIEW = "unassigned"
FORM_FIELD_KINDS = {"choice_fields": ("status", "priority", "queue", "verdict", "channel"),
                    "multi_fields": ("status", "priority", "queue"),
                    "date_fields": ("created_after", "created_before", "due_after", "due_before")}


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("desk:queue")
    return HttpResponseRedirect(target or reverse("desk:queue"))


def _counts(user, views, queues) -> dict[str, int]:  # noqa: ANN001
    counted = {v.key: selectors.view_tickets(user, v) for v in views if v.saved is None}
    for view in views:
        if view.saved is not None:
            form = QueueFilterForm(view.saved.filters, user=user, queues=queues)
            if form.is_valid():
                counted[view.key] = form.apply(selectors.view_tickets(user, view))
    return selectors.capped_counts(counted)


def _sidebar(views: list[selectors.DeskView], counts: dict[str, int]) -> list[tuple[str, list]]:
    groups: dict[str, list] = {"Views": [], "Queues": [], "Saved views": []}
    for view in views:
        heading = "Saved views" if view.saved else "Queues" if view.key.startswith("queue:") else "Views"
        groups[heading].append((view, counts.get(view.key)))
    return list(groups.items())


@staff_only
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    queues = list(selectors.queues_for(user))
    views = selectors.desk_views(user, queues, list(selectors.saved_views_for(user)))
    view = selectors.find_view(views, request.GET.get("view", DEFAULT_VIEW))
    tickets = selectors.view_tickets(user, view)
    filter_data = view.saved.filters if view.saved else (request.GET if "filter" in request.GET else None)
    form = QueueFilterForm(filter_data, user=user, queues=queues)
    if filter_data is not None:
        tickets = form.apply(tickets) if form.is_valid() else tickets.none()
    term = request.GET.get("q", "").strip()
    rows, next_cursor, search_failed = [], None, False
    if term:
        try:
            rows = search_tickets(tickets, term)
        except SearchTimeout:
            search_failed = True
    else:
        rows, next_cursor = selectors.due_page(tickets, selectors.Cursor.decode(request.GET.get("cursor", "")))
    # The badge of routing/_sla_badge.html and the links, computed here: an include and three
    # {% url %} per row cost more than the rest of the page.
    ticket_url, claim_url = reverse("desk:ticket", args=[0]), reverse("desk:claim", args=[0])
    for ticket in rows:
        ticket.sla_state = sla_state(ticket)
        ticket.desk_url = ticket_url.replace("/0/", f"/{ticket.pk}/")
        ticket.claim_url = claim_url.replace("/0/", f"/{ticket.pk}/")
    keep = {k: v for k, v in request.GET.lists() if k not in ("cursor",)}
    return render(request, "desk/queue.html", {
        "view": view, "sidebar": _sidebar(views, _counts(user, views, queues)), "cap": selectors.COUNT_CAP,
        "tickets": rows, "term": term, "search_failed": search_failed, "filter_form": form,
        "filtering": filter_data is not None and not view.saved,
        "next_url": "?" + urlencode({**keep, "cursor": next_cursor.encode()}, doseq=True) if next_cursor else "",
        "first_url": "?" + urlencode(keep, doseq=True), "is_first_page": not request.GET.get("cursor"),
        "queues": queues, "actions": ACTIONS, "here": request.get_full_path(),
        "staff": _staff_names(), **FORM_FIELD_KINDS,
    })


def _staff_names() -> list[str]:
    """Who a bulk "assign to" can name; cached for a minute (staff change rarely, the queue is busy)."""
    return cache.get_or_set("desk:staff-names", lambda: list(support_staff().values_list("username", flat=True)[:200]),
                            60)


@staff_only
@require_POST
def claim_next(request: HttpRequest) -> HttpResponse:
    ticket = ticket_claim_next(actor=request.user)
    if ticket is None:
        messages.info(request, "Nothing left to pick up in your queues.")
        return _back(request)
    messages.success(request, f"{ticket.reference} is yours now.")
    return redirect("desk:ticket", ticket_id=ticket.pk)


@staff_only
@require_POST
def claim(request: HttpRequest, ticket_id: int) -> HttpResponse:
    ticket = ticket_get(user=request.user, ticket_id=ticket_id)
    try:
        ticket_claim(actor=request.user, ticket=ticket)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{ticket.reference} is assigned to you.")
    return _back(request)


@staff_only
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST, user=request.user, queues=list(selectors.queues_for(request.user)))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(request)
    selected = tickets_visible_to(request.user).filter(pk__in=form.cleaned_data["tickets"])
    result = bulk_apply(actor=request.user, tickets=selected, data=form.cleaned_data)
    if result.changed:
        messages.success(request, f"Changed {result.changed} ticket{'s' if result.changed != 1 else ''}.")
    for reference, reason in result.failed:
        messages.error(request, f"{reference}: {reason}")
    return _back(request)


@staff_only
@require_POST
def saved_view_create(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:80]
    form = QueueFilterForm(request.POST, user=request.user, queues=list(selectors.queues_for(request.user)))
    if not name or not form.is_valid():
        messages.error(request, "Name the view and correct the filters before saving it.")
        return _back(request)
    # Any agent may share their own view with the team; only its owner can later change or delete it.
    shared = request.POST.get("is_shared") in ("1", "on")
    view, _ = SavedView.objects.update_or_create(owner=request.user, name=name,
                                                 defaults={"filters": form.stored(), "is_shared": shared})
    return redirect(f"{reverse('desk:queue')}?view=saved:{view.pk}")


@staff_only
@require_POST
def saved_view_delete(request: HttpRequest, view_id: int) -> HttpResponse:
    """Only the owner deletes a view, shared or not; anyone else's request deletes nothing."""
    SavedView.objects.filter(pk=view_id, owner=request.user).delete()
    return redirect("desk:queue")

