import pytest
from django.core import mail

from forum.models import Notification
from forum.services.moderation import post_approve, post_remove
from forum.services.posting import post_reply, thread_create
from forum.services.subscriptions import subscribe, unsubscribe

pytestmark = pytest.mark.django_db


def test_thread_followers_are_notified_in_the_app_and_by_email(forum, thread, django_capture_on_commit_callbacks):
    subscribe(actor=forum.bruno, thread=thread, channel="email")
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(actor=forum.amir, thread=thread, body="Settings > Shipping")
    kinds = dict(Notification.objects.filter(post=reply).values_list("user__username", "kind"))
    assert kinds == {"alice": "reply", "bruno": "reply"}  # the author follows her thread; amir is not told
    assert [m.to for m in mail.outbox] == [[forum.bruno.email]]


def test_category_followers_hear_of_new_threads_and_mentions_and_quotes_notify(
    forum, django_capture_on_commit_callbacks
):
    subscribe(actor=forum.bruno, category=forum.category)
    with django_capture_on_commit_callbacks(execute=True):
        thread = thread_create(actor=forum.alice, category=forum.category, title="Hello", body="Hi @amir")
    assert set(Notification.objects.values_list("user__username", "kind")) == {("bruno", "thread"), ("amir", "mention")}
    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(actor=forum.bruno, thread=thread, body="> @alice wrote:\n> Hi\n\nHello!")
    assert Notification.objects.get(post=reply, user=forum.alice).kind == "quote"
    assert unsubscribe(actor=forum.bruno, category=forum.category)


def test_held_posts_notify_only_once_approved_and_removed_posts_vanish_from_notifications(
    forum, thread, django_capture_on_commit_callbacks
):
    from forum import selectors

    with django_capture_on_commit_callbacks(execute=True):
        held = post_reply(actor=forum.bruno, thread=thread, body="Shut up, idiot. Nobody cares, loser.")
    assert not Notification.objects.filter(post=held).exists()
    with django_capture_on_commit_callbacks(execute=True):
        post_approve(actor=forum.moderator, post=held)
    assert Notification.objects.filter(post=held, user=forum.alice).exists()
    post_remove(actor=forum.moderator, post=held, reason="abuse")
    assert not selectors.notifications_for(forum.alice).exists()


def test_the_task_is_safe_to_run_twice(forum, thread, django_capture_on_commit_callbacks):
    from forum.tasks import notify_post

    with django_capture_on_commit_callbacks(execute=True):
        reply = post_reply(actor=forum.bruno, thread=thread, body="Answer")
    assert notify_post(reply.pk) == 0
    assert Notification.objects.filter(post=reply).count() == 1
