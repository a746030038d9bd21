import pytest
from django.test import Client

from forum.models import Post

pytestmark = pytest.mark.django_db

MODELS = ["category", "watchedword", "post", "thread", "sanction", "moderationlog"]


def test_admin_pages_for_the_forum_open(forum, thread):
    client = Client()
    client.force_login(forum.admin)
    post = thread.posts.get()
    for model in MODELS:
        assert client.get(f"/admin/forum/{model}/").status_code == 200, model
    assert client.get(f"/admin/forum/post/{post.pk}/change/").status_code == 200


def test_admin_actions_go_through_the_services_and_are_logged(forum, thread):
    client = Client()
    client.force_login(forum.admin)
    post = thread.posts.get()
    client.post("/admin/forum/post/", {"action": "hide", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.status == Post.Status.HIDDEN
    assert client.get("/admin/forum/moderationlog/").content.count(b"post_hide") >= 1
