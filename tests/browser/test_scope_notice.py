"""What a merchant sees of the scope verdict, in Chromium: nothing when in scope; the policy's
reason and what to do instead when restricted; which part is answered when mixed."""

import pytest
from playwright.sync_api import expect

from policy import services as policy_services
from tickets import services as ticket_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TAX = "Where do I set the tax rate for deliveries to Austria?"
CSS = "I changed the CSS of our header myself and now the menu overlaps the logo. Can you fix my CSS?"


def ticket_with(cast, body: str, topics: list[str]):
    ticket = ticket_services.ticket_create(actor=cast.alice, subject="Two questions", body=body)
    policy_services.verdict_correct(actor=cast.agent, ticket=ticket, topics=topics, reason="set by the test")
    return ticket


def test_an_in_scope_ticket_shows_no_scope_notice(cast, page, sign_in):
    ticket = ticket_with(cast, TAX, ["functionality"])
    sign_in(page, cast.alice, form=False)
    page.goto(f"/tickets/{ticket.pk}/")
    expect(page.get_by_role("heading", name="Two questions")).to_be_visible()
    expect(page.get_by_test_id("scope-notice")).to_have_count(0)


def test_a_restricted_ticket_explains_and_offers_a_quote_and_a_review(cast, page, sign_in):
    ticket = ticket_with(cast, CSS, ["custom_html_css"])
    sign_in(page, cast.alice, form=False)
    page.goto(f"/tickets/{ticket.pk}/")
    notice = page.get_by_test_id("scope-notice")
    expect(notice).to_contain_text("This request is outside our support scope")
    expect(notice).to_contain_text("customizations made to your store")
    notice.get_by_role("button", name="Ask an agent to review this").click()
    expect(page.get_by_test_id("review-requested")).to_be_visible()
    page.get_by_role("button", name="Request a quote for frontend development").click()
    expect(page.get_by_role("heading", name="Quote request: Frontend development")).to_be_visible()


def test_a_mixed_ticket_says_which_part_support_answers(cast, page, sign_in):
    ticket = ticket_with(cast, f"{TAX} {CSS}", ["functionality", "custom_html_css"])
    sign_in(page, cast.alice, form=False)
    page.goto(f"/tickets/{ticket.pk}/")
    notice = page.get_by_test_id("scope-notice")
    expect(notice).to_contain_text("Part of your request is outside our support scope")
    expect(notice).to_contain_text("functionality and settings")
    expect(notice.locator("[data-topic=custom_html_css]")).to_be_visible()
