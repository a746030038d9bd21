"""`manage.py seed_demo` loads the demo data once and does nothing the second time."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts import roles
from accounts.models import Merchant, User
from core.demo import DEMO_PASSWORD
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seeds once for the module (a seed takes seconds) inside a transaction rolled back at the end;
    each test's own transaction nests inside it as a savepoint."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def counts() -> tuple[int, ...]:
    return Merchant.objects.count(), User.objects.count(), Ticket.objects.count(), Message.objects.count()


def test_loads_the_merchants_and_their_users(seeded):
    members = {m.name: sorted(m.users.values_list("username", flat=True)) for m in Merchant.objects.all()}
    assert members == {
        "Alpine Outfitters": ["alice", "amir"],
        "Bergamo Books": ["bruno"],
        "Coastal Candles": ["carla"],
    }


def test_coastal_candles_licence_is_expired_and_the_others_active(seeded):
    assert dict(Merchant.objects.values_list("name", "licence_status")) == {
        "Alpine Outfitters": "active",
        "Bergamo Books": "active",
        "Coastal Candles": "expired",
    }


def test_loads_staff_in_every_role(seeded):
    agent, supervisor, admin = (User.objects.get(username=name) for name in ("agent", "super", "admin"))
    assert roles.has_role(agent, roles.AGENT) and not roles.is_supervisor(agent)
    assert roles.has_role(supervisor, roles.SUPERVISOR) and supervisor.is_staff
    assert admin.is_superuser and roles.has_role(admin, roles.ADMIN)


def test_every_demo_user_signs_in_with_the_demo_password(seeded, client):
    assert DEMO_PASSWORD == "ixxo-demo"
    for username in ("alice", "amir", "bruno", "carla", "agent", "super", "admin"):
        assert client.login(username=username, password="ixxo-demo"), username


def test_loads_tickets_for_every_merchant_in_several_statuses(seeded):
    assert set(Ticket.objects.values_list("merchant__name", flat=True)) == {
        "Alpine Outfitters",
        "Bergamo Books",
        "Coastal Candles",
    }
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Ticket.Status.values)
    assert Message.objects.exists()
    assert "ixxo-demo" in seeded


def test_a_second_run_does_nothing(seeded):
    before, out = counts(), io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "nothing to do" in out.getvalue()
    assert counts() == before
