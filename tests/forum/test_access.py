from datetime import timedelta

import pytest

from forum.access import can_read, is_moderator, posting_refusal
from forum.services.sanctions import user_sanction

pytestmark = pytest.mark.django_db

SANCTION_TABLE = [
    # (kind, can read, can post)
    (None, True, True),
    ("silence", True, False),
    ("suspend", False, False),
    ("ban", False, False),
]


@pytest.mark.parametrize(("kind", "reads", "posts"), SANCTION_TABLE)
def test_sanctions_limit_reading_and_posting(forum, kind, reads, posts):
    if kind:
        user_sanction(actor=forum.moderator, user=forum.bruno, kind=kind, duration=timedelta(days=3))
    assert can_read(forum.bruno) is reads
    assert (posting_refusal(forum.bruno) == "") is posts


@pytest.mark.parametrize(
    ("who", "reads", "posts", "moderates"),
    [
        ("alice", True, True, False),
        ("carla", True, False, False),  # expired licence: reads, is told why she cannot post
        ("agent", True, True, False),
        ("supervisor", True, True, True),
        ("admin", True, True, True),
        ("moderator", True, True, True),
    ],
)
def test_roles(forum, who, reads, posts, moderates):
    user = getattr(forum, who)
    assert can_read(user) is reads
    assert (posting_refusal(user) == "") is posts
    assert is_moderator(user) is moderates


def test_expired_licence_is_told_why(forum):
    assert "active IXXO licence" in posting_refusal(forum.carla)


def test_a_lifted_or_expired_silence_no_longer_applies(forum):
    from forum.services.sanctions import sanction_lift

    sanction = user_sanction(actor=forum.moderator, user=forum.bruno, kind="silence", duration=timedelta(days=1))
    assert sanction_lift(actor=forum.moderator, sanction=sanction) is True
    assert sanction_lift(actor=forum.moderator, sanction=sanction) is False
    user_sanction(actor=forum.moderator, user=forum.bruno, kind="silence", duration=timedelta(seconds=-1))
    assert posting_refusal(forum.bruno) == ""
