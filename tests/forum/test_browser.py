"""The forum in a real Chromium: hostile content stays inert, and a merchant posts and opens a ticket."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAYLOADS = [
    '<script>alert("body")</script>',
    "<img src=x onerror=\"alert('img')\">",
    '[click me](javascript:alert("link"))',
    '<svg onload=alert("svg")></svg>',
    '<a href="javascript:alert(1)">raw link</a>',
    '![x](http://insecure.example/x.png "t") <iframe src="javascript:alert(2)"></iframe>',
]


def test_xss_in_titles_posts_usernames_and_quotes_fires_no_dialog(forum, new_page, sign_in):
    from forum.services.posting import post_reply, thread_create
    from tests.factories import MerchantUserFactory

    from .conftest import age

    evil = age(MerchantUserFactory(username="<img src=x onerror=alert('user')>", merchant=forum.bergamo))
    thread = thread_create(
        actor=evil, category=forum.category, title='<script>alert("title")</script>', body="\n\n".join(PAYLOADS)
    )
    first = thread.posts.get()
    lines = "\n".join(f"> {line}" for line in first.body.splitlines())
    post_reply(actor=forum.bruno, thread=thread, body=f"> @{evil.username} wrote:\n{lines}\n\nQuoted.")

    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, forum.alice, form=False)
    for url in (
        "/forum/",
        f"/forum/c/{forum.category.slug}/",
        f"/forum/t/{thread.pk}/",
        f"/forum/t/{thread.pk}/reply/?quote={first.pk}",
        "/forum/search/?q=alert",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
    page.goto(f"/forum/t/{thread.pk}/")
    expect(page.get_by_role("heading", name='<script>alert("title")</script>')).to_be_visible()
    expect(page.locator(".forum-post script, .forum-post iframe, .forum-post svg")).to_have_count(0)
    expect(page.locator('.forum-post img[src]:not([src^="https://"])')).to_have_count(0)  # https images only
    expect(page.locator('.forum-post [href^="javascript:"], .forum-post [onerror]')).to_have_count(0)
    page.get_by_label("Your reply").fill("\n".join(PAYLOADS))  # the live preview renders them too
    page.wait_for_timeout(900)
    assert dialogs == []


def test_a_merchant_posts_a_bug_report_and_opens_a_ticket_from_it(forum, new_page, sign_in):
    page = new_page()
    sign_in(page, forum.alice, form=False)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Forum").click()
    page.get_by_role("link", name=forum.category.name).click()
    page.get_by_role("link", name="New thread").click()
    expect(page.get_by_role("heading", name="Forum guidelines")).to_be_visible()  # her first post
    page.get_by_label("Title").fill("Guest checkout error 500 since 6.1")
    page.get_by_label("Post").fill("Since the update to 6.1 guests get **error 500** on the last checkout step.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".forum-preview-static strong")).to_have_text("error 500")
    page.get_by_role("button", name="Post thread").click()
    expect(page.get_by_text("This reads like a software issue.")).to_be_visible()
    page.get_by_role("button", name="Open a ticket from this post").click()
    expect(page.get_by_text("opened from your post")).to_be_visible()
    assert "/tickets/" in page.url
