import pytest
from django.core.exceptions import PermissionDenied

from forum.models import Post
from forum.services.posting import thread_create
from forum.services.tickets import thread_convert, ticket_from_post
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def bug_thread(forum):
    return thread_create(
        actor=forum.alice,
        category=forum.category,
        title="Checkout error 500 since 6.1",
        body="Since the update to 6.1 the checkout returns error 500 for guests.",
    )


def test_the_author_opens_a_ticket_from_the_post_with_links_both_ways(forum, bug_thread):
    post = bug_thread.posts.get()
    assert post.looks_like_bug_report
    ticket = ticket_from_post(actor=forum.alice, post=post)
    assert ticket.merchant == forum.alpine and ticket.channel == Ticket.Channel.FORUM
    assert "checkout returns error 500" in ticket.body and f"/forum/p/{post.pk}/" in ticket.body
    post.refresh_from_db()
    bug_thread.refresh_from_db()
    assert post.ticket == ticket and bug_thread.ticket == ticket
    assert ticket_from_post(actor=forum.alice, post=Post.objects.get(pk=post.pk)) == ticket  # one click, one ticket


@pytest.mark.parametrize("who", ["bruno", "amir", "moderator"])
def test_only_the_author_opens_a_ticket_from_a_post(forum, bug_thread, who):
    with pytest.raises(PermissionDenied):
        ticket_from_post(actor=getattr(forum, who), post=bug_thread.posts.get())


def test_staff_convert_a_thread_into_a_ticket_for_the_authors_store(forum, bug_thread):
    ticket = thread_convert(actor=forum.agent, thread=bug_thread)
    bug_thread.refresh_from_db()
    assert (ticket.merchant, ticket.requester, bug_thread.ticket, bug_thread.is_locked) == (
        forum.alpine,
        forum.alice,
        ticket,
        True,
    )


@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_merchants_cannot_convert_threads(forum, bug_thread, who):
    with pytest.raises(PermissionDenied):
        thread_convert(actor=getattr(forum, who), thread=bug_thread)
