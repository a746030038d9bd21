from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from forum.access import PostingRefused
from forum.models import Flag, ModerationLog, Post, WatchedWord
from forum.services.limits import RateLimited
from forum.services.posting import PostBlocked, ThreadLocked, post_reply, thread_create
from forum.services.sanctions import user_sanction
from forum.services.threads import thread_lock

from .conftest import age

pytestmark = pytest.mark.django_db


def test_a_merchant_with_an_active_licence_starts_a_published_thread(forum, thread):
    first = thread.posts.get()
    assert (thread.is_visible, first.status, first.position) == (True, Post.Status.PUBLISHED, 1)
    assert thread.subscriptions.filter(user=forum.alice).exists()


def test_replies_get_consecutive_positions_and_count(forum, thread):
    post_reply(actor=forum.bruno, thread=thread, body="Under Settings > Shipping.")
    post_reply(actor=forum.amir, thread=thread, body="Thanks!")
    thread.refresh_from_db()
    assert list(thread.posts.values_list("position", flat=True)) == [1, 2, 3]
    assert thread.reply_count == 2


@pytest.mark.parametrize("who", ["carla"])
def test_expired_licence_cannot_post(forum, thread, who):
    with pytest.raises(PostingRefused, match="active IXXO licence"):
        post_reply(actor=getattr(forum, who), thread=thread, body="Hello")


@pytest.mark.parametrize("kind", ["silence", "suspend", "ban"])
def test_sanctioned_users_cannot_post(forum, thread, kind):
    user_sanction(actor=forum.moderator, user=forum.bruno, kind=kind, duration=timedelta(days=1))
    with pytest.raises(PostingRefused):
        post_reply(actor=forum.bruno, thread=thread, body="Hello")
    assert not Post.objects.filter(author=forum.bruno).exists()


def test_a_locked_thread_takes_no_replies_except_from_moderators(forum, thread):
    thread_lock(actor=forum.moderator, thread=thread)
    with pytest.raises(ThreadLocked):
        post_reply(actor=forum.bruno, thread=thread, body="Hello")
    assert post_reply(actor=forum.moderator, thread=thread, body="Locked, see the docs.").pk


def test_new_users_may_post_two_links_at_most(forum, thread):
    age(forum.bruno, days=0)
    body = "See https://a.example.org https://b.example.org https://c.example.org"
    with pytest.raises(ValidationError, match="at most 2 links"):
        post_reply(actor=forum.bruno, thread=thread, body=body)
    age(forum.bruno)
    assert post_reply(actor=forum.bruno, thread=thread, body=body).pk


def test_new_users_post_once_every_30_seconds(forum, thread):
    age(forum.bruno, days=0)
    post_reply(actor=forum.bruno, thread=thread, body="First")
    with pytest.raises(RateLimited):
        post_reply(actor=forum.bruno, thread=thread, body="Second")
    Post.objects.filter(author=forum.bruno).update(
        created_at=Post.objects.get(author=forum.bruno).created_at - timedelta(seconds=31)
    )
    assert post_reply(actor=forum.bruno, thread=thread, body="Second").pk


def test_established_users_are_stopped_only_by_the_burst_limit(forum, thread):
    for n in range(10):
        post_reply(actor=forum.bruno, thread=thread, body=f"Reply {n}")
    with pytest.raises(RateLimited):
        post_reply(actor=forum.bruno, thread=thread, body="One too many")


@pytest.mark.parametrize(
    ("action", "status", "blocked"),
    [
        ("block", None, True),
        ("hold", Post.Status.HELD, False),
        ("flag", Post.Status.PUBLISHED, False),
    ],
)
def test_watched_words_block_hold_or_flag(forum, thread, action, status, blocked):
    WatchedWord.objects.create(pattern="megadeal", action=action)
    if blocked:
        with pytest.raises(PostBlocked):
            post_reply(actor=forum.bruno, thread=thread, body="Get the MEGADEAL now")
        assert ModerationLog.objects.filter(action="auto_block", target_user=forum.bruno).exists()
        return
    post = post_reply(actor=forum.bruno, thread=thread, body="Get the MEGADEAL now")
    assert post.status == status
    assert Flag.objects.filter(post=post, flagger=None).exists() is (action == "flag")


def test_abusive_posts_are_held_not_published(forum, thread):
    post = post_reply(actor=forum.bruno, thread=thread, body="Shut up, you idiot. Nobody cares, loser.")
    assert post.status == Post.Status.HELD
    assert "abuse" in post.labels
    assert ModerationLog.objects.filter(action="auto_hold", post=post).exists()


def test_spam_is_held(forum, thread):
    body = "Best online casino, 200% bonus and free spins: www.royalspin-win.vip - contact us on WhatsApp"
    post = post_reply(actor=forum.bruno, thread=thread, body=body)
    assert post.status == Post.Status.HELD and "spam" in post.labels


def test_a_held_first_post_keeps_the_thread_out_of_sight(forum):
    thread = thread_create(
        actor=forum.bruno, category=forum.category, title="Hi", body="Nobody cares about you idiots, shut up"
    )
    assert thread.is_visible is False


def test_a_new_thread_that_reads_like_a_bug_report_gets_the_notice(forum):
    thread = thread_create(
        actor=forum.alice,
        category=forum.category,
        title="Checkout error 500 since 6.1",
        body="Since the update to 6.1 the checkout returns error 500. Stack trace attached.",
    )
    first = thread.posts.get()
    assert first.looks_like_bug_report and first.status == Post.Status.PUBLISHED


def test_staff_posts_are_not_screened(forum, thread):
    post = post_reply(actor=forum.agent, thread=thread, body="Shut up idiots")  # quoting, in a staff post
    assert post.status == Post.Status.PUBLISHED


@pytest.mark.parametrize(
    ("title", "body", "field"), [("", "body", "title"), ("Title", "   ", "body"), ("x" * 201, "body", "title")]
)
def test_empty_or_long_input_is_refused(forum, title, body, field):
    with pytest.raises(ValidationError) as caught:
        thread_create(actor=forum.alice, category=forum.category, title=title, body=body)
    assert field in caught.value.message_dict
