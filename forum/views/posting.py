from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import add_service_errors

from .. import selectors
from ..access import posting_refusal
from ..forms import FlagForm, ReplyForm, SubscribeForm, ThreadForm
from ..models import Post
from ..services import flags, posting, reactions, subscriptions, tickets
from ..services.posting import preview
from .common import reader_required, run_action


def _first_time(request: HttpRequest) -> bool:
    return not Post.objects.filter(author=request.user).exists()


def _held_message(request: HttpRequest, post: Post) -> None:
    if post.status == Post.Status.HELD:
        messages.info(request, "Thank you. Your post waits for a moderator before others can see it.")
    else:
        messages.success(request, "Your post is published.")


@reader_required
def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(selectors.categories_visible_to(request.user).filter(is_active=True), slug=slug)
    form = ThreadForm(request.POST or None)
    refusal = posting_refusal(request.user)
    if request.method == "POST" and not refusal and form.is_valid() and "preview" not in request.POST:
        try:
            thread = posting.thread_create(
                actor=request.user, category=category, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _held_message(request, thread.posts.get(position=1))
            return redirect("forum:thread", thread_id=thread.pk)
    return render(
        request,
        "forum/thread_new.html",
        {
            "category": category,
            "form": form,
            "refusal": refusal,
            "first_time": _first_time(request),
            "preview_html": preview(request.POST.get("body", "")) if "preview" in request.POST else None,
        },
        status=403 if refusal else 200,
    )


@reader_required
def reply(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    initial = {}
    quoted = request.GET.get("quote", "")
    if quoted.isdigit():
        source = selectors.post_get(user=request.user, post_id=int(quoted))
        lines = "\n".join(f"> {line}" for line in source.body.splitlines())
        initial["body"] = f"> @{source.author.get_username()} wrote:\n{lines}\n\n"
    form = ReplyForm(request.POST or None, initial=initial)
    refusal = posting_refusal(request.user)
    if request.method == "POST" and not refusal and form.is_valid() and "preview" not in request.POST:
        try:
            post = posting.post_reply(actor=request.user, thread=thread, body=form.cleaned_data["body"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _held_message(request, post)
            return redirect("forum:post", post_id=post.pk)
    return render(
        request,
        "forum/reply.html",
        {
            "thread": thread,
            "form": form,
            "refusal": refusal,
            "first_time": _first_time(request),
            "preview_html": preview(request.POST.get("body", "")) if "preview" in request.POST else None,
        },
        status=403 if refusal else 200,
    )


@reader_required
@require_POST
def preview_fragment(request: HttpRequest) -> HttpResponse:
    """The live preview (JavaScript): sanitised HTML of the posted Markdown."""
    return HttpResponse(preview(request.POST.get("body", "")[:20_000]), content_type="text/html; charset=utf-8")


@reader_required
def flag(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flags.post_flag(actor=request.user, post=post, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except (DomainError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, "Thank you. A moderator will look at this post.")
            return redirect("forum:thread", thread_id=post.thread_id)
    return render(request, "forum/flag.html", {"post": post, "form": form})


@reader_required
@require_POST
def helpful(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    return run_action(
        request,
        lambda: reactions.post_toggle_helpful(actor=request.user, post=post),
        success="Thanks for your feedback.",
        back=f"/forum/p/{post.pk}/",
    )


@reader_required
@require_POST
def accept(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    accepted = request.POST.get("accepted", "1") == "1"
    return run_action(
        request,
        lambda: reactions.answer_accept(actor=request.user, post=post, accepted=accepted),
        success="Accepted answer updated.",
        back=f"/forum/p/{post.pk}/",
    )


@reader_required
@require_POST
def open_ticket(request: HttpRequest, post_id: int) -> HttpResponse:
    post = selectors.post_get(user=request.user, post_id=post_id)
    try:
        ticket = tickets.ticket_from_post(actor=request.user, post=post)
    except (DomainError, PermissionDenied) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("forum:post", post_id=post.pk)
    messages.success(request, f"Ticket {ticket.reference} opened from your post.")
    return redirect("tickets:detail", ticket_id=ticket.pk)


@reader_required
@require_POST
def subscribe(request: HttpRequest, thread_id: int | None = None, slug: str | None = None) -> HttpResponse:
    target: dict = {}
    if thread_id is not None:
        target["thread"] = selectors.thread_get(user=request.user, thread_id=thread_id)
        back = f"/forum/t/{thread_id}/"
    else:
        target["category"] = get_object_or_404(selectors.categories_visible_to(request.user), slug=slug)
        back = f"/forum/c/{slug}/"
    form = SubscribeForm(request.POST)
    channel = form.cleaned_data.get("channel") if form.is_valid() else ""
    if request.POST.get("unsubscribe"):
        subscriptions.unsubscribe(actor=request.user, **target)
        messages.success(request, "You no longer follow this.")
    else:
        subscriptions.subscribe(actor=request.user, channel=channel or "in_app", **target)
        messages.success(request, "You follow this now.")
    return redirect(back)
