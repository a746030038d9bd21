import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from forum.models import ModerationLog, Post, PostRevision
from forum.services.flags import HIDE_THRESHOLD, post_flag
from forum.services.moderation import IllegalTransition, post_amend, post_approve, post_hide, post_remove, post_restore
from forum.services.posting import post_reply
from forum.services.sanctions import user_sanction
from forum.services.threads import thread_lock, thread_merge, thread_move, thread_pin

pytestmark = pytest.mark.django_db


@pytest.fixture
def reply(forum, thread):
    return post_reply(actor=forum.bruno, thread=thread, body="Try Settings > Shipping.")


def test_an_amend_keeps_the_revision_and_marks_the_post(forum, reply):
    assert post_amend(actor=forum.moderator, post=reply, body="Try Settings > Shipping zones.", reason="precision")
    reply.refresh_from_db()
    revision = PostRevision.objects.get(post=reply)
    assert (revision.old_body, revision.new_body, revision.editor, revision.reason) == (
        "Try Settings > Shipping.",
        "Try Settings > Shipping zones.",
        forum.moderator,
        "precision",
    )
    assert reply.edited_by_moderator and "zones" in reply.body_html
    assert not post_amend(actor=forum.moderator, post=reply, body="Try Settings > Shipping zones.", reason="again")


@pytest.mark.parametrize("who", ["alice", "bruno", "agent"])
def test_only_moderators_moderate(forum, reply, who):
    with pytest.raises(PermissionDenied):
        post_amend(actor=getattr(forum, who), post=reply, body="x", reason="y")
    with pytest.raises(PermissionDenied):
        post_remove(actor=getattr(forum, who), post=reply, reason="y")


def test_remove_needs_a_reason_and_restore_brings_it_back(forum, reply):
    with pytest.raises(ValidationError):
        post_remove(actor=forum.moderator, post=reply, reason=" ")
    assert post_remove(actor=forum.moderator, post=reply, reason="off-topic")
    reply.refresh_from_db()
    assert (reply.status, reply.removal_reason, reply.removed_by) == (Post.Status.REMOVED, "off-topic", forum.moderator)
    assert post_restore(actor=forum.moderator, post=reply)
    reply.refresh_from_db()
    assert reply.status == Post.Status.PUBLISHED
    assert list(ModerationLog.objects.filter(post=reply).values_list("action", flat=True)) == [
        "post_restore",
        "post_remove",
    ]


@pytest.mark.parametrize(
    ("start", "verb", "result"),
    [
        ("held", post_approve, "published"),
        ("hidden", post_approve, "published"),
        ("published", post_hide, "hidden"),
        ("published", post_approve, None),  # same status: no-op
    ],
)
def test_status_transitions(forum, reply, start, verb, result):
    Post.objects.filter(pk=reply.pk).update(status=start)
    changed = verb(actor=forum.moderator, post=reply)
    reply.refresh_from_db()
    assert changed is (result is not None)
    assert reply.status == (result or start)


def test_an_illegal_transition_raises(forum, reply):
    Post.objects.filter(pk=reply.pk).update(status="removed")
    with pytest.raises(IllegalTransition):
        post_hide(actor=forum.moderator, post=reply)


def test_flags_weighted_by_standing_hide_a_post_until_a_moderator_decides(forum, reply):
    from tests.factories import MerchantUserFactory

    from .conftest import age

    flaggers = [age(MerchantUserFactory(merchant=forum.alpine), days=5) for _ in range(int(HIDE_THRESHOLD))]
    for user in flaggers[:-1]:
        post_flag(actor=user, post=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.status == Post.Status.PUBLISHED
    post_flag(actor=flaggers[-1], post=reply, reason="spam")
    reply.refresh_from_db()
    assert reply.status == Post.Status.HIDDEN
    assert post_approve(actor=forum.moderator, post=reply)
    assert not reply.flags.filter(resolved_at__isnull=True).exists()


def test_a_moderators_flag_hides_at_once_and_a_flag_counts_once(forum, reply):
    from core.errors import Conflict

    post_flag(actor=forum.moderator, post=reply, reason="abuse")
    reply.refresh_from_db()
    assert reply.status == Post.Status.HIDDEN
    with pytest.raises(Conflict):
        post_flag(actor=forum.moderator, post=reply, reason="abuse")


def test_other_needs_a_note_and_nobody_flags_their_own_post(forum, reply):
    with pytest.raises(ValidationError):
        post_flag(actor=forum.alice, post=reply, reason="other")
    with pytest.raises(PermissionDenied):
        post_flag(actor=forum.bruno, post=reply, reason="spam")


def test_lock_pin_move_merge(forum, thread, reply):
    from forum.models import Category
    from forum.services.posting import thread_create

    assert thread_lock(actor=forum.moderator, thread=thread) and not thread_lock(actor=forum.moderator, thread=thread)
    assert thread_pin(actor=forum.moderator, thread=thread)
    other = Category.objects.create(name="Elsewhere", slug="elsewhere")
    assert thread_move(actor=forum.moderator, thread=thread, category=other)
    target = thread_create(actor=forum.bruno, category=other, title="Austria shipping", body="Same question")
    assert thread_merge(actor=forum.moderator, source=thread, target=target)
    target.refresh_from_db()
    thread.refresh_from_db()
    assert list(target.posts.values_list("position", flat=True)) == [1, 2, 3]
    assert thread.merged_into == target and not thread.is_visible and target.reply_count == 2
    assert set(ModerationLog.objects.values_list("action", flat=True)) >= {"lock", "pin", "move", "merge"}


def test_sanctions_are_logged_and_silent_by_default(forum):
    user_sanction(actor=forum.moderator, user=forum.bruno, kind="silence", staff_note="Repeated ads")
    assert mail.outbox == []
    log = ModerationLog.objects.get(action="user_silence")
    assert (log.target_user, log.reason) == (forum.bruno, "Repeated ads")


def test_a_sanction_can_be_announced(forum, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user_sanction(actor=forum.moderator, user=forum.bruno, kind="ban", notify_user=True)
    assert [m.to for m in mail.outbox] == [[forum.bruno.email]]


def test_staff_cannot_be_sanctioned(forum):
    with pytest.raises(PermissionDenied):
        user_sanction(actor=forum.moderator, user=forum.agent, kind="ban")
