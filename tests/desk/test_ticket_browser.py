"""The agent's ticket page in Chromium: a canned reply, a verdict correction, two agents' presence."""

import re

import pytest
from playwright.sync_api import expect

from desk.models import CannedReply
from policy import services as policy_services
from policy.models import ScopeTopic
from tests import factories
from tickets import services
from tickets.models import Message, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_ticket(cast, body: str = "Where do I set the tax rate for deliveries to Austria?") -> Ticket:
    ticket = services.ticket_create(actor=cast.alice, subject="Tax rates", body=body)
    policy_services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["functionality"], reason="by the test")
    return ticket


def test_an_agent_replies_with_a_canned_reply_and_resolves_in_one_submit(cast, page, sign_in):
    ticket = open_ticket(cast)
    CannedReply.objects.create(title="Tax settings", body="Hello {requester_name}, see Settings › Taxes "
                               "({ticket_reference}).")
    sign_in(page, cast.agent, form=False)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    page.keyboard.press("n")  # shortcut: note
    expect(page.get_by_label("Internal note")).to_be_checked()
    expect(page.get_by_role("textbox", name="Message")).to_be_focused()
    page.keyboard.press("Escape")  # leave the text box; shortcuts work again
    page.keyboard.press("?")
    expect(page.get_by_role("heading", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_label("Canned reply").select_option(label="Tax settings")
    page.get_by_role("button", name="Insert").click()
    box = page.get_by_role("textbox", name="Message")
    expect(box).to_have_value(f"Hello alice, see Settings › Taxes ({ticket.reference}).")
    expect(page.get_by_label("Public reply")).to_be_checked()  # inserting a reply switches back to a reply
    page.get_by_label("Status").select_option(label="Resolved")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Your reply was sent.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Resolved")
    reply = Message.objects.get(ticket=ticket)
    assert (reply.kind, reply.body) == ("reply", f"Hello alice, see Settings › Taxes ({ticket.reference}).")


def test_an_agent_corrects_a_verdict_and_inserts_the_explanation(cast, page, sign_in):
    ticket = open_ticket(cast, "I changed the CSS of our header myself. Can you fix my CSS?")
    topic = ScopeTopic.objects.get(slug="custom_html_css")
    sign_in(page, cast.agent, form=False)
    page.goto(f"/desk/tickets/{ticket.pk}/")
    panel = page.get_by_test_id("scope-panel")
    panel.get_by_text("Correct the verdict").click()
    panel.get_by_label(re.compile("Functionality and settings")).uncheck()
    panel.get_by_label(re.compile("Custom HTML/CSS")).check()
    panel.get_by_label("Reason").fill("They ask us to fix their own CSS.")
    panel.get_by_role("button", name="Save correction").click()
    expect(page.get_by_text("Verdict corrected.")).to_be_visible()
    assert page.url.endswith(f"/desk/tickets/{ticket.pk}/")
    expect(page.get_by_test_id("scope-panel")).to_contain_text("Restricted")
    ticket.refresh_from_db()
    assert ticket.scope_topics == ["custom_html_css"] and ticket.scope_verdict == "restricted"
    page.get_by_role("link", name="Insert explanation: Custom HTML/CSS").click()
    expect(page.get_by_role("textbox", name="Message")).to_have_value(re.compile(re.escape(topic.clause.strip()[:60])))


def test_two_agents_see_each_other_on_the_ticket(cast, new_page, sign_in):
    ticket = open_ticket(cast)
    ana = factories.StaffFactory(username="ana", first_name="Ana")
    first, second = new_page(), new_page()
    sign_in(first, cast.agent, form=False)
    sign_in(second, ana, form=False)
    first.goto(f"/desk/tickets/{ticket.pk}/")
    second.goto(f"/desk/tickets/{ticket.pk}/")
    expect(second.get_by_test_id("presence")).to_contain_text("agent is viewing")
    expect(first.get_by_test_id("presence")).to_contain_text("Ana is viewing")
    second.get_by_role("textbox", name="Message").press_sequentially("I am on it")
    expect(first.get_by_test_id("presence")).to_contain_text("Ana is typing a reply")


def test_logging_a_call_finds_the_merchant_as_you_type(cast, page, sign_in):
    sign_in(page, cast.agent, form=False)
    page.goto("/desk/tickets/new/")
    page.get_by_label("Find the merchant").press_sequentially("berg", delay=30)
    match = page.get_by_role("link", name="Bergamo Books")
    expect(match).to_be_visible()  # suggested without pressing Find
    expect(page.get_by_role("link", name="Alpine Outfitters")).to_have_count(0)
    assert "q=" not in page.url
    page.keyboard.press("ArrowDown")
    expect(match).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"\?merchant={cast.bergamo.pk}$"))
    expect(page.get_by_test_id("chosen-merchant")).to_contain_text("Bergamo Books")
    requester = page.get_by_label("Requester")
    expect(requester.locator("option")).to_have_count(2)  # the blank choice and bruno, nobody else
    requester.select_option(str(cast.bruno.pk))
    page.get_by_label("Subject").fill("Phone: invoice copy")
    page.get_by_label("Call or chat notes").fill("Bruno called for a copy of last month's invoice.")
    page.get_by_role("button", name="Open the ticket").click()
    expect(page.get_by_text("Phone: invoice copy").first).to_be_visible()
    ticket = Ticket.objects.get(subject="Phone: invoice copy")
    assert (ticket.merchant, ticket.requester, ticket.channel) == (cast.bergamo, cast.bruno, Ticket.Channel.PHONE)
