from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import add_service_errors

from .. import selectors
from ..forms import AmendForm, MergeForm, MoveForm, ReasonForm, SanctionForm
from ..models import Post, Sanction, Thread
from ..services import moderation, sanctions, threads, tickets
from .common import moderator_required, run_action


@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    posts = list(selectors.moderation_queue(request.user)[:50])
    histories = {p.author_id: selectors.author_history(p.author) for p in posts}
    return render(
        request,
        "forum/mod/queue.html",
        {"items": [(p, histories[p.author_id]) for p in posts], "reason_form": ReasonForm()},
    )


@moderator_required
def log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.moderation_log(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "forum/mod/log.html", {"page": page})


@moderator_required
@require_POST
def post_action(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=post_id)
    verb, reason = request.POST.get("action", ""), request.POST.get("reason", "")
    calls = {
        "approve": lambda: moderation.post_approve(actor=request.user, post=post),
        "hide": lambda: moderation.post_hide(actor=request.user, post=post, reason=reason),
        "remove": lambda: moderation.post_remove(actor=request.user, post=post, reason=reason),
        "restore": lambda: moderation.post_restore(actor=request.user, post=post),
    }
    if verb not in calls:
        messages.error(request, "Unknown action.")
        return redirect("forum:mod-queue")
    back = request.POST.get("next") if request.POST.get("next", "").startswith("/forum/") else "/forum/mod/"
    return run_action(request, calls[verb], success=f"Post {verb}d.", back=back)


@moderator_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=post_id)
    form = AmendForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            moderation.post_amend(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Post edited; the earlier text is kept as a revision.")
            return redirect("forum:post", post_id=post.pk)
    return render(
        request,
        "forum/mod/edit.html",
        {"post": post, "form": form, "revisions": selectors.revisions_visible_to(request.user, post)},
    )


@moderator_required
@require_POST
def thread_action(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = get_object_or_404(Thread, pk=thread_id)
    verb, user, back = request.POST.get("action", ""), request.user, f"/forum/t/{thread.pk}/"
    simple = {
        "lock": lambda: threads.thread_lock(actor=user, thread=thread, locked=True),
        "unlock": lambda: threads.thread_lock(actor=user, thread=thread, locked=False),
        "pin": lambda: threads.thread_pin(actor=user, thread=thread, pinned=True),
        "unpin": lambda: threads.thread_pin(actor=user, thread=thread, pinned=False),
    }
    if verb in simple:
        return run_action(request, simple[verb], success=f"Thread {verb}ed.", back=back)
    if verb == "move":
        form = MoveForm(request.POST)
        if form.is_valid():
            return run_action(
                request,
                lambda: threads.thread_move(actor=user, thread=thread, **form.cleaned_data),
                success="Thread moved.",
                back=back,
            )
    if verb == "merge":
        form = MergeForm(request.POST)
        if form.is_valid():
            target = get_object_or_404(Thread, pk=form.cleaned_data["target"])
            return run_action(
                request,
                lambda: threads.thread_merge(actor=user, source=thread, target=target),
                success="Threads merged.",
                back=f"/forum/t/{target.pk}/",
            )
    if verb == "convert":
        try:
            ticket = tickets.thread_convert(actor=user, thread=thread)
        except (DomainError, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            return redirect(back)
        messages.success(request, f"Thread converted into ticket {ticket.reference}.")
        return redirect("tickets:detail", ticket_id=ticket.pk)
    messages.error(request, "Check the form: the action was not done.")
    return redirect(back)


@moderator_required
def user_sanctions(request: HttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and request.POST.get("lift"):
        sanction = get_object_or_404(Sanction, pk=request.POST["lift"], user=member)
        return run_action(
            request,
            lambda: sanctions.sanction_lift(actor=request.user, sanction=sanction),
            success="Sanction lifted.",
            back=f"/forum/mod/u/{member.pk}/",
        )
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["days"]
        try:
            sanctions.user_sanction(
                actor=request.user,
                user=member,
                kind=form.cleaned_data["kind"],
                duration=timedelta(days=days) if days else None,
                staff_note=form.cleaned_data["staff_note"],
                notify_user=form.cleaned_data["notify_user"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, "Sanction recorded.")
            return redirect("forum:mod-user", user_id=member.pk)
    return render(
        request, "forum/mod/user.html", {"member": member, "form": form, "history": selectors.author_history(member)}
    )
