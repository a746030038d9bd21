import pytest

from forum.models import Post
from forum.services.moderation import post_amend, post_hide
from forum.services.posting import post_reply
from forum.services.sanctions import user_sanction

pytestmark = pytest.mark.django_db


def test_categories_threads_and_posts(forum, thread, api_as):
    api = api_as(forum.bruno)
    assert "store-test" in [c["slug"] for c in api.get("/api/v1/forum/categories/").json()]
    assert [t["id"] for t in api.get("/api/v1/forum/threads/?category=store-test").json()["results"]] == [thread.pk]
    assert api.get(f"/api/v1/forum/threads/{thread.pk}/").json()["first_post"]["body"].startswith("How do you")
    created = api.post(f"/api/v1/forum/threads/{thread.pk}/posts/", {"body": "Use zones"}, format="json")
    assert created.status_code == 201 and created.json()["position"] == 2
    assert [p["position"] for p in api.get(f"/api/v1/forum/threads/{thread.pk}/posts/").json()["results"]] == [1, 2]


def test_a_new_thread_through_the_api_is_idempotent(forum, api_as):
    api = api_as(forum.bruno)
    body = {"category": "store-test", "title": "PayPal or Stripe?", "body": "What do you use?"}
    first = api.post("/api/v1/forum/threads/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    again = api.post("/api/v1/forum/threads/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert Post.objects.filter(author=forum.bruno).count() == 1


@pytest.mark.parametrize(("kind", "status"), [("silence", 403), ("suspend", 403), ("ban", 403)])
def test_sanctioned_users_are_refused_with_the_error_shape(forum, thread, api_as, kind, status):
    user_sanction(actor=forum.moderator, user=forum.bruno, kind=kind)
    response = api_as(forum.bruno).post(f"/api/v1/forum/threads/{thread.pk}/posts/", {"body": "Hi"}, format="json")
    assert response.status_code == status
    assert set(response.json()["error"]) >= {"code", "message"}
    assert not Post.objects.filter(author=forum.bruno).exists()


def test_an_expired_licence_cannot_post_through_the_api(forum, thread, api_as):
    response = api_as(forum.carla).post(
        "/api/v1/forum/threads/", {"category": "store-test", "title": "x", "body": "y"}, format="json"
    )
    assert response.status_code == 403 and response.json()["error"]["code"] == "posting_refused"


def test_rate_limits_apply_to_the_api(forum, thread, api_as):
    from .conftest import age

    age(forum.bruno, days=0)
    api = api_as(forum.bruno)
    assert api.post(f"/api/v1/forum/threads/{thread.pk}/posts/", {"body": "one"}, format="json").status_code == 201
    second = api.post(f"/api/v1/forum/threads/{thread.pk}/posts/", {"body": "two"}, format="json")
    assert second.status_code == 429 and second.json()["error"]["code"] == "rate_limited"


@pytest.mark.parametrize(("who", "sees"), [("alice", False), ("agent", False), ("moderator", True)])
def test_hidden_posts_and_revisions_through_the_api(forum, thread, api_as, who, sees):
    reply = post_reply(actor=forum.bruno, thread=thread, body="Hidden narwhal text")
    post_amend(actor=forum.moderator, post=reply, body="Hidden narwhal text, amended", reason="tone")
    post_hide(actor=forum.moderator, post=reply)
    api = api_as(getattr(forum, who))
    listed = [p["id"] for p in api.get(f"/api/v1/forum/threads/{thread.pk}/posts/").json()["results"]]
    assert (reply.pk in listed) is sees
    assert api.get(f"/api/v1/forum/posts/{reply.pk}/").status_code == (200 if sees else 404)
    assert api.get(f"/api/v1/forum/posts/{reply.pk}/revisions/").status_code == (200 if sees else 404)
    assert api.get("/api/v1/forum/search/?q=narwhal").json()["results"] == []


def test_moderators_amend_and_remove_through_the_api_others_cannot(forum, thread, api_as):
    reply = post_reply(actor=forum.bruno, thread=thread, body="Text")
    merchant = api_as(forum.alice)
    assert (
        merchant.patch(f"/api/v1/forum/posts/{reply.pk}/", {"body": "x", "reason": "y"}, format="json").status_code
        == 403
    )
    assert merchant.delete(f"/api/v1/forum/posts/{reply.pk}/", {"reason": "y"}, format="json").status_code == 403
    moderator = api_as(forum.moderator)
    amended = moderator.patch(f"/api/v1/forum/posts/{reply.pk}/", {"body": "Better", "reason": "tone"}, format="json")
    assert amended.json()["edited_by_moderator"] is True
    assert moderator.delete(f"/api/v1/forum/posts/{reply.pk}/", {"reason": "spam"}, format="json").status_code == 204
    assert api_as(forum.alice).get(f"/api/v1/forum/posts/{reply.pk}/").status_code == 404


def test_flags_through_the_api(forum, thread, api_as):
    post = thread.posts.get()
    api = api_as(forum.bruno)
    assert api.post(f"/api/v1/forum/posts/{post.pk}/flags/", {"reason": "spam"}, format="json").status_code == 201
    again = api.post(f"/api/v1/forum/posts/{post.pk}/flags/", {"reason": "spam"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_anonymous_and_suspended_callers_are_refused(forum, thread, api, api_as):
    assert api.get("/api/v1/forum/threads/").status_code == 401
    user_sanction(actor=forum.moderator, user=forum.bruno, kind="suspend")
    assert api_as(forum.bruno).get("/api/v1/forum/threads/").status_code == 403


def test_the_forum_is_in_the_openapi_schema(forum, api_as):
    schema = api_as(forum.alice).get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert {
        "/api/v1/forum/threads/",
        "/api/v1/forum/threads/{thread_id}/posts/",
        "/api/v1/forum/posts/{post_id}/",
    } <= set(schema["paths"])
