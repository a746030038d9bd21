import os
from types import SimpleNamespace

import pytest

from tests import services
from tests.browser_fixtures import browser, new_page, page, shoot, sign_in_fixture  # noqa: F401 - shared fixtures

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the test
# itself (fixtures, assertions) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DB_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "client", "admin_client"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip (or, with IXXO_REQUIRE_SERVICES=1, fail) tests whose services are missing."""
    missing: dict[str, str] = {}
    if not services.postgres_answers():
        missing["postgres"] = f"PostgreSQL does not answer at {os.environ['DATABASE_URL']}"
    if not services.redis_answers():
        missing["redis"] = "Redis does not answer (set REDIS_URL)"
    if not services.chromium_present():
        missing["browser"] = f"Chromium is not installed at {services.CHROMIUM}"
    if not missing:
        return
    if services.required():
        raise pytest.UsageError("IXXO_REQUIRE_SERVICES=1 but: " + "; ".join(missing.values()))
    for item in items:
        needs = set()
        if item.get_closest_marker("django_db") or DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            needs.add("postgres")
        if item.get_closest_marker("redis"):
            needs.add("redis")
        if item.get_closest_marker("browser"):
            needs.add("browser")
        for need in needs & set(missing):
            item.add_marker(pytest.mark.skip(reason=missing[need]))
            break


def ensure_seed_data() -> None:
    """Re-run the data migrations' seeding (idempotent): a transactional test (live server,
    real worker) flushes the tables after each test, and with them the seeded queues, topics,
    routing rules, SLA policies and forum categories."""
    import importlib

    from django.apps import apps
    from django.db import connection

    from routing.seed import seed_defaults

    for module in ("tickets.migrations.0002_seed_queues", "policy.migrations.0002_seed_taxonomy"):
        importlib.import_module(module).seed(apps, None)
    seed_defaults(apps.get_model)
    with connection.schema_editor(atomic=False) as editor:
        importlib.import_module("forum.migrations.0002_moderators_search_categories").forwards(apps, editor)


@pytest.fixture(autouse=True)
def fresh_config_caches():
    """Rules, model, routing and webhook configuration are cached per process; each test starts
    from its own data."""
    from policy import runtime
    from routing import cache

    runtime.forget()
    cache.clear()


@pytest.fixture
def cast(db) -> SimpleNamespace:  # noqa: ANN001
    """The fixed cast: two merchants (Alpine with alice and amir, Bergamo with bruno), a merchant
    whose licence expired (Coastal with carla), an agent, a supervisor and an admin."""
    from tests import factories

    ensure_seed_data()

    alpine = factories.MerchantFactory(name="Alpine Outfitters")
    bergamo = factories.MerchantFactory(name="Bergamo Books")
    coastal = factories.MerchantFactory(name="Coastal Candles", licence_status="expired")
    return SimpleNamespace(
        alpine=alpine, bergamo=bergamo, coastal=coastal,
        alice=factories.MerchantUserFactory(username="alice", merchant=alpine, merchant_role="owner"),
        amir=factories.MerchantUserFactory(username="amir", merchant=alpine),
        bruno=factories.MerchantUserFactory(username="bruno", merchant=bergamo, merchant_role="owner"),
        carla=factories.MerchantUserFactory(username="carla", merchant=coastal, merchant_role="owner"),
        agent=factories.StaffFactory(username="agent", role="agent"),
        supervisor=factories.StaffFactory(username="super", role="supervisor"),
        admin=factories.StaffFactory(username="admin", role="admin", is_superuser=True),
    )


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_as(api):  # noqa: ANN001
    """`api_as(user)`: an API client authenticated as that user with a real token."""
    from rest_framework.authtoken.models import Token

    def login(user):  # noqa: ANN001, ANN202
        token, _ = Token.objects.get_or_create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return api

    return login


@pytest.fixture
def as_user(client):  # noqa: ANN001
    """`as_user(user)`: the test client, signed in as that user."""

    def login(user):  # noqa: ANN001, ANN202
        client.force_login(user)
        return client

    return login
