import pytest

from forum import selectors
from forum.models import Post
from forum.services.moderation import post_amend, post_hide, post_remove
from forum.services.posting import post_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(forum, thread):
    visible = post_reply(actor=forum.bruno, thread=thread, body="Visible zebra answer")
    hidden = post_reply(actor=forum.bruno, thread=thread, body="Hidden zebra answer")
    removed = post_reply(actor=forum.bruno, thread=thread, body="Removed zebra answer")
    post_hide(actor=forum.moderator, post=hidden)
    post_remove(actor=forum.moderator, post=removed, reason="spam")
    post_amend(actor=forum.moderator, post=visible, body="Visible zebra answer, amended", reason="typo")
    return visible, hidden, removed


@pytest.mark.parametrize(
    ("who", "sees_all"),
    [("alice", False), ("bruno", False), ("carla", False), ("agent", False), ("moderator", True), ("supervisor", True)],
)
def test_hidden_and_removed_posts_only_for_moderators(forum, thread, posts, who, sees_all):
    user = getattr(forum, who)
    visible, hidden, removed = posts
    page = {p.pk for p in selectors.thread_page(user=user, thread=thread, page=1)}
    found = {p.pk for p in selectors.search(user=user, query="zebra")}
    expected = {visible.pk, hidden.pk, removed.pk} if sees_all else {visible.pk}
    assert page & {visible.pk, hidden.pk, removed.pk} == expected
    assert found == {visible.pk}  # search shows published posts, even to moderators
    assert selectors.revisions_visible_to(user, visible).exists() is sees_all


def test_an_author_sees_their_own_held_post_but_nobody_else_does(forum, thread):
    held = post_reply(actor=forum.bruno, thread=thread, body="Shut up, idiots. Nobody cares, loser.")
    assert held.status == Post.Status.HELD
    assert selectors.posts_visible_to(forum.bruno).filter(pk=held.pk).exists()
    assert not selectors.posts_visible_to(forum.alice).filter(pk=held.pk).exists()


def test_pages_are_position_ranges(forum, thread):
    from core.rendering import render_markdown
    from forum.models import Post as P

    P.objects.bulk_create(
        [
            P(thread=thread, author=forum.bruno, position=n, body=f"n{n}", body_html=render_markdown(f"n{n}"))
            for n in range(2, 46)
        ]
    )
    thread.last_position = 45
    thread.save()
    assert selectors.page_count(thread) == 3
    assert [p.position for p in selectors.thread_page(user=forum.alice, thread=thread, page=3)] == [41, 42, 43, 44, 45]


def test_search_finds_titles_and_bodies(forum, thread):
    assert [p.thread_id for p in selectors.search(user=forum.bruno, query="Austria")] == [thread.pk]
    assert list(selectors.search(user=forum.bruno, query="")) == []


def test_suspended_users_read_nothing(forum, thread):
    from forum.services.sanctions import user_sanction

    user_sanction(actor=forum.moderator, user=forum.bruno, kind="suspend")
    assert not selectors.threads_visible_to(forum.bruno).exists()
    assert not selectors.posts_visible_to(forum.bruno).exists()


def test_a_late_page_of_a_long_thread_costs_the_same_queries_as_the_first(forum, thread, django_assert_max_num_queries):
    from core.rendering import render_markdown
    from forum.models import Post as P

    P.objects.bulk_create(
        [
            P(thread=thread, author=forum.bruno, position=n, body="x", body_html=render_markdown("x"))
            for n in range(2, 2001)
        ]
    )
    thread.last_position = 2000
    thread.save()
    for page in (1, 100):
        with django_assert_max_num_queries(4):
            posts = selectors.thread_page(user=forum.alice, thread=thread, page=page)
        assert len(posts) == selectors.PAGE_SIZE
