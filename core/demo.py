"""Demo data for a fresh installation: three merchants, staff in every role, a few dozen tickets.

All demo users share the password `ixxo-demo`. Never load this into a production database.
"""

import json
import random
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Merchant, User
from accounts.roles import ADMIN, AGENT, SUPERVISOR
from tickets import services
from tickets.models import Queue, Ticket

DEMO_PASSWORD = "ixxo-demo"  # noqa: S105 - documented demo-only password
SAMPLE_TICKETS = Path(__file__).resolve().parent.parent / "policy" / "data" / "tickets-dev.jsonl"

MERCHANTS = [
    ("Alpine Outfitters", "hello@alpine-outfitters.example", "IXXO-ALPN-7Q2M-4K8D", "active", "priority",
     [("alice", "Alice", "Berger", "owner"), ("amir", "Amir", "Haddad", "staff")]),
    ("Bergamo Books", "libri@bergamo-books.example", "IXXO-BRGM-3T9X-1P5C", "active", "standard",
     [("bruno", "Bruno", "Rossi", "owner")]),
    ("Coastal Candles", "shop@coastal-candles.example", "IXXO-CSTL-8V6W-2R3N", "expired", "standard",
     [("carla", "Carla", "Nunes", "owner")]),
]
STAFF = [("agent", "Ada", "Agent", AGENT), ("super", "Sam", "Supervisor", SUPERVISOR), ("admin", "Ann", "Admin", ADMIN)]

AGENT_REPLIES = [
    "Thank you for the details. Could you tell us which IXXO version you run and send a screenshot?",
    "You can find this under **Settings › Checkout**. Let us know if anything is unclear.",
    "We reproduced the problem and passed it to our developers; we will update you here.",
    "This works as intended in the default theme. Please try the steps in our tutorial and reply if it persists.",
]


def _user(username: str, first: str, last: str, **extra: object) -> User:
    user = User(username=username, first_name=first, last_name=last, email=f"{username}@ixxo-demo.example", **extra)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _sample_tickets(limit: int) -> list[dict]:
    rows = [json.loads(line) for line in SAMPLE_TICKETS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return random.Random(7).sample(rows, min(limit, len(rows)))


@transaction.atomic
def seed_demo() -> str:
    if User.objects.filter(username="alice").exists():
        return "Demo data already present; nothing to do."
    merchants_users: list[tuple[Merchant, list[User]]] = []
    final_licence: dict[int, str] = {}
    for name, email, key, licence, plan, users in MERCHANTS:
        # Every licence starts active so that the demo tickets can be opened; expired ones lapse below.
        merchant = Merchant.objects.create(name=name, contact_email=email, licence_key=key, licence_status="active",
                                           support_plan=plan)
        final_licence[merchant.pk] = licence
        members = [_user(u, f, la, merchant=merchant, merchant_role=role) for u, f, la, role in users]
        merchants_users.append((merchant, members))
    staff = {}
    for username, first, last, role in STAFF:
        staff[role] = _user(username, first, last, is_staff=role != AGENT, is_superuser=role == ADMIN)
        staff[role].groups.add(Group.objects.get(name=role))
    agent = staff[AGENT]
    queues = list(Queue.objects.all())
    rng = random.Random(42)
    statuses = [Ticket.Status.NEW, Ticket.Status.OPEN, Ticket.Status.PENDING, Ticket.Status.ON_HOLD,
                Ticket.Status.RESOLVED, Ticket.Status.CLOSED]
    now = timezone.now()
    samples = _sample_tickets(36)
    for index, sample in enumerate(samples):
        merchant, members = merchants_users[index % len(merchants_users)]
        requester = members[index % len(members)]
        ticket = services.ticket_create(actor=requester, subject=sample["subject"][:200], body=sample["body"])
        status = statuses[index % len(statuses)]
        if status != Ticket.Status.NEW:
            services.ticket_update(actor=agent, ticket=ticket, queue=rng.choice(queues), assignee=agent)
            services.message_create(actor=agent, ticket=ticket, body=rng.choice(AGENT_REPLIES))
            if status in (Ticket.Status.OPEN, Ticket.Status.RESOLVED, Ticket.Status.CLOSED):
                services.message_create(actor=requester, ticket=ticket, body="Thanks, that helps. One more detail: "
                                        "it happens on mobile as well.")
            services.ticket_change_status(actor=agent, ticket=ticket, status=status)
        age = timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 23))
        Ticket.objects.filter(pk=ticket.pk).update(created_at=now - age)
    for merchant_id, licence in final_licence.items():
        if licence != Merchant.LicenceStatus.ACTIVE:
            Merchant.objects.filter(pk=merchant_id).update(licence_status=licence,
                                                           licence_expires_on=(now - timedelta(days=20)).date())
    return (f"Loaded {Merchant.objects.count()} merchants, {User.objects.count()} users and "
            f"{Ticket.objects.count()} tickets. Password for every demo user: {DEMO_PASSWORD}")
