import pytest
from django.urls import reverse

from mailin.models import InboundMessage
from tickets.models import Ticket

from .mail import compose, deliver, eml


@pytest.fixture
def admin_client_(client, cast):
    client.force_login(cast.admin)
    return client


def test_admin_lists_inbound_mail_with_its_status(admin_client_):
    deliver(eml("gmail_new.eml"))
    deliver(eml("bounce_dsn.eml"))
    page = admin_client_.get(reverse("admin:mailin_inboundmessage_changelist"))
    assert page.status_code == 200
    assert "Ticket created" in page.content.decode()
    assert "Dropped: bounce" in page.content.decode()


def test_admin_shows_and_downloads_the_raw_source(admin_client_):
    row = deliver(eml("outlook_de_reply.eml"))
    page = admin_client_.get(reverse("admin:mailin_inboundmessage_change", args=[row.pk]))
    assert "Gutscheine über 50 € werden doppelt abgezogen" in page.content.decode()
    raw = admin_client_.get(reverse("admin:mailin_inboundmessage_raw", args=[row.pk]))
    assert raw["Content-Type"] == "message/rfc822"
    assert raw.content == eml("outlook_de_reply.eml")


def test_reprocess_action_turns_a_stored_mail_into_a_ticket(admin_client_, cast):
    row = deliver(compose(sender="carla@example.com"))
    cast.coastal.licence_status = "active"
    cast.coastal.save()
    admin_client_.post(reverse("admin:mailin_inboundmessage_changelist"),
                       {"action": "reprocess", "_selected_action": [row.pk]})
    assert InboundMessage.objects.get(pk=row.pk).status == "ticket_created"
    assert Ticket.objects.filter(merchant=cast.coastal).count() == 1


def test_merchants_cannot_see_inbound_mail(client, cast):
    client.force_login(cast.alice)
    page = client.get(reverse("admin:mailin_inboundmessage_changelist"))
    assert page.status_code == 302
