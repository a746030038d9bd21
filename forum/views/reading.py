from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .. import selectors
from ..access import is_moderator, posting_refusal
from ..models import Category, Post, Subscription
from .common import reader_required


@reader_required
def index(request: HttpRequest) -> HttpResponse:
    categories = selectors.categories_visible_to(request.user)
    recent = selectors.thread_listing(user=request.user)[:10]
    return render(
        request,
        "forum/index.html",
        {"categories": categories, "recent": recent, "refusal": posting_refusal(request.user)},
    )


def guidelines(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/guidelines.html")


@reader_required
def category(request: HttpRequest, slug: str) -> HttpResponse:
    cat = get_object_or_404(selectors.categories_visible_to(request.user), slug=slug)
    page = Paginator(selectors.thread_listing(user=request.user, category=cat), 25).get_page(request.GET.get("page"))
    subscription = Subscription.objects.filter(user=request.user, category=cat).first()
    return render(
        request,
        "forum/category.html",
        {"category": cat, "page": page, "subscription": subscription, "refusal": posting_refusal(request.user)},
    )


def _page_number(value: str | None, last: int) -> int:
    return min(max(int(value), 1), last) if value and value.isdigit() else 1


@reader_required
def thread(request: HttpRequest, thread_id: int) -> HttpResponse:
    thread = selectors.thread_get(user=request.user, thread_id=thread_id)
    if thread.merged_into_id:
        return redirect("forum:thread", thread_id=thread.merged_into_id)
    pages = selectors.page_count(thread)
    number = _page_number(request.GET.get("page"), pages)
    from ..forms import ReplyForm

    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "posts": selectors.thread_page(user=request.user, thread=thread, page=number),
            "page_number": number,
            "pages": range(1, pages + 1),
            "last_page": pages,
            "subscription": Subscription.objects.filter(user=request.user, thread=thread).first(),
            "refusal": posting_refusal(request.user),
            "is_moderator": is_moderator(request.user),
            "reply_form": ReplyForm(),
            "first_post": not Post.objects.filter(author=request.user).exists(),
            "move_categories": Category.objects.all() if is_moderator(request.user) else (),
        },
    )


@reader_required
def post(request: HttpRequest, post_id: int) -> HttpResponse:
    found = selectors.post_get(user=request.user, post_id=post_id)
    page = (found.position - 1) // selectors.PAGE_SIZE + 1
    return redirect(f"/forum/t/{found.thread_id}/?page={page}#post-{found.pk}")


@reader_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    page = Paginator(selectors.search(user=request.user, query=query), 20).get_page(request.GET.get("page"))
    return render(request, "forum/search.html", {"query": query, "page": page})


@reader_required
def notifications(request: HttpRequest) -> HttpResponse:
    from ..services.notifications import notifications_mark_read

    items = list(selectors.notifications_for(request.user)[:50])
    if request.method == "POST":
        notifications_mark_read(actor=request.user)
        return redirect("forum:notifications")
    return render(request, "forum/notifications.html", {"items": items})
