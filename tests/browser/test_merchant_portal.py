"""The merchant portal in a real Chromium against a real server: what a merchant sees and does."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.browser

# The smallest valid PNG: a 1x1 transparent pixel.
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def _open_new_ticket(page: Page) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="New ticket").click()
    expect(page.get_by_role("heading", name="New ticket")).to_be_visible()


def _field_error(page: Page, label: str) -> str:
    """The error text the form ties to a field (aria-describedby), as a screen reader would hear it."""
    return page.get_by_label(label).evaluate(
        "el => (el.getAttribute('aria-describedby') || '').split(' ')"
        "      .map(id => document.getElementById(id)).filter(n => n && n.id.endsWith('_error'))"
        "      .map(n => n.textContent.trim()).join(' ')")


def test_merchant_submits_a_ticket_with_an_attachment_and_reads_the_agents_reply(
        cast, new_page, sign_in, shoot, tmp_path: Path) -> None:
    for subject in ("Shipping rates for Switzerland", "Invoice PDF shows the wrong VAT number"):
        factories.TicketFactory(merchant=cast.alpine, requester=cast.amir, subject=subject)
    screenshot_file = tmp_path / "checkout-error.png"
    screenshot_file.write_bytes(PNG_1X1)

    alice = new_page()
    alice.goto("/")
    expect(alice).to_have_url(re.compile(r"/accounts/login/"))
    shoot(alice, "sign-in")
    sign_in(alice, cast.alice)
    expect(alice.get_by_role("heading", name="My tickets")).to_be_visible()
    shoot(alice, "my-tickets")

    _open_new_ticket(alice)
    shoot(alice, "new-ticket")
    alice.get_by_label("Subject").fill("Checkout button does nothing")
    alice.get_by_label("Describe your request").fill(
        "Since the **2.4 update** the checkout button does nothing in Safari.\n\n"
        "1. Add to cart\n2. Click *Checkout*")
    alice.get_by_label("Attachments").set_input_files(screenshot_file)
    alice.get_by_role("button", name="Submit ticket").click()

    ticket = Ticket.objects.get(subject="Checkout button does nothing")
    expect(alice).to_have_url(re.compile(rf"/tickets/{ticket.pk}/$"))
    expect(alice.get_by_role("status")).to_contain_text(f"Your ticket {ticket.reference} has been received")
    assert ticket.requester == cast.alice
    assert Attachment.objects.get(ticket=ticket).original_name == "checkout-error.png"

    alice.get_by_role("link", name="My tickets").first.click()
    row = alice.get_by_role("row").filter(has_text="Checkout button does nothing")
    expect(row).to_contain_text(ticket.reference)
    expect(row).to_contain_text("New")
    row.get_by_role("link", name="Checkout button does nothing").click()
    expect(alice.get_by_role("heading", name="Checkout button does nothing")).to_be_visible()
    expect(alice.locator("#original strong").filter(has_text="2.4 update")).to_be_visible()
    with alice.expect_download() as download:
        alice.get_by_role("link", name="checkout-error.png").click()
    assert Path(download.value.path()).read_bytes() == PNG_1X1

    # The agent answers from their own browser; staff are sent on to the desk's ticket page.
    agent = sign_in(new_page(), cast.agent, form=False)
    agent.goto(f"/tickets/{ticket.pk}/")
    expect(agent).to_have_url(re.compile(f"/desk/tickets/{ticket.pk}/$"))
    expect(agent.get_by_role("heading", name="Checkout button does nothing")).to_be_visible()
    agent.get_by_role("textbox", name="Message").fill("Thanks Alice, we see it too. Clear the theme cache, please.")
    agent.get_by_role("button", name="Send", exact=True).click()
    expect(agent.get_by_role("status")).to_contain_text("Your reply was sent.")
    expect(agent.get_by_test_id("status")).to_have_text("Pending merchant")
    assert Message.objects.filter(ticket=ticket, author=cast.agent).count() == 1

    alice.reload()
    reply = alice.locator("article.message.from-staff")
    expect(reply).to_contain_text("we see it too")
    expect(reply).to_contain_text("IXXO Support")
    expect(alice.get_by_test_id("status")).to_have_text("Pending merchant")

    alice.get_by_label("Your reply").fill("Clearing the cache fixed it, thank you!")
    alice.get_by_role("button", name="Send").click()
    expect(alice.get_by_role("status")).to_contain_text("Your reply was sent.")
    expect(alice.get_by_test_id("status")).to_have_text("Open")
    shoot(alice, "ticket-thread")
    agent.reload()
    expect(agent.locator("article.message").last).to_contain_text("fixed it")
    shoot(agent, "agent-ticket")


def test_merchant_with_an_expired_licence_reads_old_tickets_but_cannot_open_new_ones(
        cast, page, sign_in, shoot) -> None:
    old = factories.TicketFactory(merchant=cast.coastal, requester=cast.carla,
                                  subject="Candle variants import")

    sign_in(page, cast.carla, form=False)
    expect(page.get_by_role("row").filter(has_text="Candle variants import")).to_contain_text(old.reference)
    page.get_by_role("link", name="Candle variants import").click()
    expect(page.get_by_role("heading", name="Candle variants import")).to_be_visible()

    page.goto("/tickets/new/")
    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("Your IXXO licence is expired")
    expect(notice).to_contain_text("opening a new ticket needs an active licence")
    expect(page.get_by_label("Subject")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit ticket")).to_have_count(0)
    shoot(page, "new-ticket-licence-expired")
    assert Ticket.objects.filter(merchant=cast.coastal).count() == 1


def test_bad_input_shows_an_error_next_to_the_field_and_creates_nothing(
        cast, page, sign_in, shoot, tmp_path: Path) -> None:
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    sign_in(page, cast.alice, form=False)
    _open_new_ticket(page)

    # The browser itself refuses an empty subject (required); spaces only get past it to the server.
    expect(page.get_by_label("Subject")).to_have_attribute("required", "")
    page.get_by_label("Subject").fill("   ")
    page.get_by_label("Describe your request").fill("The shop is down.")
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_label("Subject")).to_have_attribute("aria-invalid", "true")
    assert _field_error(page, "Subject") == "This field is required."
    expect(page.get_by_label("Describe your request")).to_have_value("The shop is down.")

    page.get_by_label("Subject").fill("Shop is down")
    page.get_by_label("Attachments").set_input_files(program)
    page.get_by_role("button", name="Submit ticket").click()
    expect(page.get_by_label("Attachments")).to_have_attribute("aria-invalid", "true")
    assert "“setup.exe”: files of this type are not accepted" in _field_error(page, "Attachments")
    expect(page.get_by_label("Subject")).to_have_value("Shop is down")
    shoot(page, "new-ticket-errors")
    assert Ticket.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_another_merchant_gets_a_404_and_an_anonymous_visitor_is_sent_to_sign_in(
        cast, new_page, sign_in, shoot) -> None:
    ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice,
                                     subject="Alpine private matter")

    bruno = sign_in(new_page(), cast.bruno, form=False)
    response = bruno.goto(f"/tickets/{ticket.pk}/")
    assert response is not None and response.status == 404
    expect(bruno.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(bruno.get_by_text("Alpine private matter")).to_have_count(0)
    shoot(bruno, "not-found")

    anonymous = new_page()
    anonymous.goto(f"/tickets/{ticket.pk}/")
    expect(anonymous).to_have_url(re.compile(rf"/accounts/login/\?next=/tickets/{ticket.pk}/$"))
    expect(anonymous.get_by_text("Alpine private matter")).to_have_count(0)
    sign_in(anonymous, cast.alice)
    expect(anonymous.get_by_role("heading", name="Alpine private matter")).to_be_visible()


def test_merchant_closes_and_reopens_a_ticket_without_javascript(cast, new_page, sign_in) -> None:
    ticket = factories.TicketFactory(merchant=cast.alpine, requester=cast.alice, subject="Coupon codes",
                                     status=Ticket.Status.OPEN)
    page = sign_in(new_page(javascript=False), cast.alice, form=False)
    page.goto(f"/tickets/{ticket.pk}/")

    page.get_by_role("button", name="Close ticket").click()
    expect(page.get_by_role("status")).to_contain_text("Ticket closed.")
    expect(page.get_by_test_id("status")).to_have_text("Closed")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED

    page.get_by_role("button", name="Reopen ticket").click()
    expect(page.get_by_role("status")).to_contain_text("Ticket reopened.")
    expect(page.get_by_test_id("status")).to_have_text("Open")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.closed_at is None
