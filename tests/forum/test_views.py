import pytest
from django.test import Client

from forum.models import Post
from forum.services.moderation import post_hide
from forum.services.posting import post_reply
from forum.services.sanctions import user_sanction

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>[click](javascript:alert(1))'


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


READ_PAGES = [
    "/forum/",
    "/forum/c/store-test/",
    "/forum/t/{thread}/",
    "/forum/p/{post}/",
    "/forum/search/?q=zones",
    "/forum/notifications/",
    "/forum/c/store-test/new/",
    "/forum/t/{thread}/reply/",
    "/forum/p/{post}/flag/",
]
MOD_PAGES = ["/forum/mod/", "/forum/mod/log/", "/forum/mod/p/{post}/edit/", "/forum/mod/u/{user}/"]


def _urls(urls, forum, thread):
    post = thread.posts.get()
    return [u.format(thread=thread.pk, post=post.pk, user=forum.bruno.pk) for u in urls]


def test_anonymous_visitors_are_sent_to_sign_in(forum, thread):
    for url in _urls(READ_PAGES + MOD_PAGES, forum, thread):
        assert client_for(None).get(url)["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["alice", "bruno", "agent", "moderator"])
def test_readers_read_every_page(forum, thread, who):
    client = client_for(getattr(forum, who))
    for url in _urls(READ_PAGES, forum, thread):
        assert client.get(url, follow=True).status_code == 200, url


def test_readers_without_a_licence_read_but_are_refused_the_posting_pages(forum, thread):
    client = client_for(forum.carla)
    for url in _urls(READ_PAGES, forum, thread):
        expected = 403 if url.endswith(("/new/", "/reply/")) else 200
        assert client.get(url, follow=True).status_code == expected, url


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 403), ("carla", 403), ("agent", 403), ("moderator", 200), ("supervisor", 200)]
)
def test_moderation_pages_are_for_moderators(forum, thread, who, status):
    client = client_for(getattr(forum, who))
    for url in _urls(MOD_PAGES, forum, thread):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("url", "data"),
    [("/forum/mod/p/{post}/", {"action": "remove", "reason": "x"}), ("/forum/mod/t/{thread}/", {"action": "lock"})],
)
def test_merchants_cannot_post_moderation_actions(forum, thread, url, data):
    post = thread.posts.get()
    response = client_for(forum.bruno).post(url.format(post=post.pk, thread=thread.pk), data)
    assert response.status_code == 403
    post.refresh_from_db()
    thread.refresh_from_db()
    assert post.status == Post.Status.PUBLISHED and not thread.is_locked


def test_a_suspended_user_cannot_read(forum, thread):
    user_sanction(actor=forum.moderator, user=forum.bruno, kind="suspend")
    assert client_for(forum.bruno).get("/forum/").status_code == 403


def test_a_silenced_users_post_is_refused(forum, thread):
    user_sanction(actor=forum.moderator, user=forum.bruno, kind="silence")
    client = client_for(forum.bruno)
    assert client.get(f"/forum/t/{thread.pk}/").status_code == 200
    response = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "Let me in"})
    assert response.status_code == 403
    assert not Post.objects.filter(author=forum.bruno).exists()


def test_an_expired_licence_is_told_why_and_cannot_post(forum, thread):
    response = client_for(forum.carla).post("/forum/c/store-test/new/", {"title": "Hi", "body": "Hello"})
    assert response.status_code == 403 and b"active IXXO licence" in response.content
    assert not Post.objects.filter(author=forum.carla).exists()


def test_a_reply_through_the_form(forum, thread):
    response = client_for(forum.bruno).post(
        f"/forum/t/{thread.pk}/reply/", {"body": "Settings > **Shipping**"}, follow=True
    )
    assert b"<strong>Shipping</strong>" in response.content


def test_preview_renders_without_posting(forum, thread):
    client = client_for(forum.bruno)
    response = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "**bold** " + XSS, "preview": "1"})
    assert b"<strong>bold</strong>" in response.content and b"<script>alert" not in response.content
    assert not Post.objects.filter(author=forum.bruno).exists()
    fragment = client.post("/forum/preview/", {"body": XSS}).content.decode()
    assert "<script" not in fragment and "javascript:" not in fragment and "onerror" not in fragment


def test_guidelines_are_shown_to_first_time_posters_and_on_their_own_page(forum, thread):
    assert b"Forum guidelines" in client_for(forum.bruno).get(f"/forum/t/{thread.pk}/reply/").content
    assert b"Forum guidelines" not in client_for(forum.alice).get(f"/forum/t/{thread.pk}/reply/").content
    assert b"We will not tolerate" in client_for(forum.alice).get("/forum/guidelines/").content


def test_staff_posts_carry_a_badge(forum, thread):
    post_reply(actor=forum.agent, thread=thread, body="From support")
    assert b"badge-staff" in client_for(forum.alice).get(f"/forum/t/{thread.pk}/").content


def test_hidden_posts_and_revisions_stay_out_of_merchant_pages(forum, thread):
    reply = post_reply(actor=forum.bruno, thread=thread, body="Secret walrus text")
    post_hide(actor=forum.moderator, post=reply)
    for url in (f"/forum/t/{thread.pk}/", "/forum/search/?q=walrus"):
        assert b"Secret walrus text" not in client_for(forum.alice).get(url).content
    assert client_for(forum.alice).get(f"/forum/p/{reply.pk}/").status_code == 404
    assert b"Secret walrus text" in client_for(forum.moderator).get(f"/forum/t/{thread.pk}/").content


def test_xss_in_titles_posts_usernames_and_quotes_is_inert(forum):
    from forum.services.posting import thread_create
    from tests.factories import MerchantUserFactory

    from .conftest import age

    evil = age(MerchantUserFactory(username='<script>alert("u")</script>', merchant=forum.bergamo))
    thread = thread_create(actor=evil, category=forum.category, title='<script>alert("t")</script>', body=XSS)
    client = client_for(forum.alice)
    quote = client.get(f"/forum/t/{thread.pk}/reply/?quote={thread.posts.get().pk}")
    client.post(f"/forum/t/{thread.pk}/reply/", {"body": quote.context["form"].initial["body"]})
    for url in (f"/forum/t/{thread.pk}/", "/forum/", "/forum/c/store-test/", f"/forum/t/{thread.pk}/reply/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "onerror=" not in html and 'href="javascript:' not in html


def test_moderator_actions_through_the_pages(forum, thread):
    reply = post_reply(actor=forum.bruno, thread=thread, body="Some text")
    client = client_for(forum.moderator)
    client.post(f"/forum/mod/p/{reply.pk}/edit/", {"body": "Some amended text", "reason": "tone"})
    client.post(f"/forum/mod/p/{reply.pk}/", {"action": "remove", "reason": "spam"})
    client.post(f"/forum/mod/t/{thread.pk}/", {"action": "pin"})
    client.post(f"/forum/mod/u/{forum.bruno.pk}/", {"kind": "silence", "days": "3", "staff_note": "ads"})
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert (reply.body, reply.status, thread.is_pinned) == ("Some amended text", "removed", True)
    assert forum.bruno.forum_sanctions.get().kind == "silence"
    client.post(f"/forum/mod/p/{reply.pk}/", {"action": "restore"})
    assert b"Edited by a moderator" in client_for(forum.alice).get(f"/forum/t/{thread.pk}/").content
    log = client.get("/forum/mod/log/").content.decode()
    assert "post_amend" in log and "user_silence" in log


def test_open_a_ticket_from_a_bug_report_in_the_browser_flow(forum):
    client = client_for(forum.alice)
    response = client.post(
        "/forum/c/store-test/new/",
        {"title": "Checkout error 500 since 6.1", "body": "Since the update to 6.1 the checkout returns error 500."},
        follow=True,
    )
    assert b"Open a ticket from this post" in response.content
    post = Post.objects.get(author=forum.alice)
    response = client.post(f"/forum/p/{post.pk}/ticket/", follow=True)
    post.refresh_from_db()
    assert post.ticket is not None and response.request["PATH_INFO"] == f"/tickets/{post.ticket_id}/"


def test_flag_helpful_accept_and_follow_through_the_pages(forum, thread):
    reply = post_reply(actor=forum.bruno, thread=thread, body="Answer")
    alice, amir = client_for(forum.alice), client_for(forum.amir)
    amir.post(f"/forum/p/{reply.pk}/helpful/")
    alice.post(f"/forum/p/{reply.pk}/accept/", {"accepted": "1"})
    amir.post(f"/forum/p/{reply.pk}/flag/", {"reason": "off_topic"})
    amir.post(f"/forum/t/{thread.pk}/follow/", {"channel": "email"})
    reply.refresh_from_db()
    thread.refresh_from_db()
    assert (reply.helpful_count, thread.accepted_post_id, reply.flags.count()) == (1, reply.pk, 1)
    assert thread.subscriptions.get(user=forum.amir).channel == "email"
    assert client_for(forum.amir).post(f"/forum/p/{reply.pk}/accept/").status_code == 302
    thread.refresh_from_db()
    assert thread.accepted_post_id == reply.pk  # only the author changes it
