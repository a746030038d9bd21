"""Playwright fixtures: one Chromium for the session, a fresh context and page for every test.

Chromium is the Debian one at /usr/bin/chromium (`playwright install` cannot download here);
tests/conftest.py skips the `browser` tests when it is missing, or fails them when
IXXO_REQUIRE_SERVICES=1. The server is pytest-django's `live_server` (a real threaded WSGI
server over the test database, static files included).

The fixtures are imported into tests/conftest.py, so browser tests of every app can use them.
With IXXO_SCREENSHOTS=1 the `shoot` fixture writes docs/screenshots/<name>-desktop.png and
<name>-mobile.png; otherwise it does nothing, so the suite stays fast.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests import services
from tests.factories import PASSWORD

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
# Only a failing wait lasts this long; generous, because the shared machine is sometimes very busy.
TIMEOUT_MS = 15_000

expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=services.CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:  # noqa: ANN001
    """`new_page(javascript=True)`: a page in a context of its own (its own cookies), so one
    test can have a merchant and an agent side by side. All are closed after the test."""
    contexts: list[BrowserContext] = []

    def make(*, javascript: bool = True, viewport: dict[str, int] = DESKTOP) -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=viewport,
                                      java_script_enabled=javascript, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


def sign_in(page: Page, user, password: str = PASSWORD) -> Page:  # noqa: ANN001
    """Sign in through the real form; from a `?next=` login page this follows `next`."""
    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


@pytest.fixture(name="sign_in")
def sign_in_fixture(live_server) -> Callable[..., Page]:  # noqa: ANN001
    """`sign_in(page, user)` signs in through the form; `sign_in(page, user, form=False)` hands the
    browser a session cookie made on the server (quicker, for tests that are not about signing in)
    and opens the start page."""

    def sign_in_as(page: Page, user, *, form: bool = True) -> Page:  # noqa: ANN001
        if form:
            return sign_in(page, user)
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        page.goto("/")
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
        return page

    return sign_in_as


@pytest.fixture
def shoot() -> Callable[[Page, str], None]:
    """`shoot(page, "my-tickets")`: desktop and mobile full-page screenshots when IXXO_SCREENSHOTS=1."""
    enabled = os.environ.get("IXXO_SCREENSHOTS") == "1"

    def take(page: Page, name: str) -> None:
        if not enabled:
            return
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size or DESKTOP
        for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True, animations="disabled")
        page.set_viewport_size(original)

    return take
