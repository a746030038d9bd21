"""The triage queue in Chromium: get the next ticket, move with j/k, the shortcut help."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.desk.queue_support import ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_gets_the_next_ticket_and_lands_on_it(cast, page, sign_in):
    ticket(cast, subject="Later question", due_in=timedelta(hours=6))
    urgent = ticket(cast, subject="Checkout is down", due_in=timedelta(minutes=20))
    sign_in(page, cast.agent, form=False)
    page.goto("/desk/")
    expect(page.get_by_role("heading", name="Unassigned in my queues")).to_be_visible()
    page.get_by_role("button", name="Get next ticket").click()
    expect(page).to_have_url(re.compile(rf"/tickets/{urgent.pk}/$"))
    expect(page.get_by_text("Checkout is down").first).to_be_visible()
    urgent.refresh_from_db()
    assert urgent.assignee == cast.agent


def test_g_n_gets_the_next_ticket_from_the_keyboard(cast, page, sign_in):
    urgent = ticket(cast, subject="Payment provider timeout", due_in=timedelta(minutes=5))
    sign_in(page, cast.agent, form=False)
    page.goto("/desk/")
    page.keyboard.press("g")
    page.keyboard.press("n")
    expect(page).to_have_url(re.compile(rf"/tickets/{urgent.pk}/$"))


def test_j_and_k_move_the_selection_and_x_selects(cast, page, sign_in):
    first = ticket(cast, subject="First by due time", due_in=timedelta(hours=1))
    second = ticket(cast, subject="Second by due time", due_in=timedelta(hours=2))
    sign_in(page, cast.agent, form=False)
    page.goto("/desk/")
    rows = page.locator("tr[data-ticket-row]")
    expect(rows).to_have_count(2)
    expect(page.locator("tr[aria-selected]")).to_have_count(0)  # a table, not a grid
    page.keyboard.press("j")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    expect(rows.nth(0)).to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("j")
    expect(rows.nth(1)).to_have_attribute("aria-current", "true")
    expect(rows.nth(0)).not_to_have_attribute("aria-current", "true")
    expect(rows.nth(0)).not_to_have_class(re.compile(r"\bis-current\b"))
    page.keyboard.press("k")
    expect(rows.nth(0)).to_have_attribute("aria-current", "true")
    expect(page.locator("tr[aria-current]")).to_have_count(1)
    page.keyboard.press("x")
    expect(page.get_by_label(f"Select {first.reference}")).to_be_checked()
    expect(page.get_by_label(f"Select {second.reference}")).not_to_be_checked()
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    page.keyboard.press("o")
    expect(page).to_have_url(re.compile(rf"/tickets/{first.pk}/$"))
