"""Phone and chat logging (desk/phone.py): an agent opens a ticket on a merchant's behalf."""

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Merchant
from desk.ticket_selectors import merchants_matching
from tests import factories
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db
URL = reverse("desk:ticket_new")
SEARCH = reverse("desk:merchant_search")


def call(cast, **overrides) -> dict:
    data = {"merchant": cast.alpine.pk, "requester": cast.amir.pk, "channel": "phone", "priority": 2,
            "subject": "Phone: where do I set the tax rate?",
            "body": "Amir called: where do I set the tax rate for deliveries to Austria?"}
    data.update(overrides)
    return data


def test_an_agent_logs_a_call_that_the_merchant_sees_in_the_portal(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, call(cast))
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("desk:ticket", args=[ticket.pk])
    assert (ticket.merchant, ticket.requester, ticket.channel) == (cast.alpine, cast.amir, Ticket.Channel.PHONE)
    # It went through ticket_create like any ticket: classified, routed, timed.
    assert ticket.scope_verdict and ticket.queue is not None and ticket.first_response_due_at is not None
    assert ticket.events.get(kind=TicketEvent.Kind.CREATED).actor == cast.agent
    client.force_login(cast.alice)
    listing = client.get(reverse("tickets:list")).content.decode()
    assert "Phone: where do I set the tax rate?" in listing
    page = client.get(reverse("tickets:detail", args=[ticket.pk])).content.decode()
    assert "Amir called" in page and "via Phone" in page
    client.force_login(cast.bruno)
    assert client.get(reverse("tickets:detail", args=[ticket.pk])).status_code == 404


def test_a_chat_is_logged_with_its_channel(client, cast):
    client.force_login(cast.agent)
    client.post(URL, call(cast, channel="chat"))
    assert Ticket.objects.get().channel == Ticket.Channel.CHAT


def test_the_requester_must_belong_to_the_merchant_and_the_notes_are_kept(client, cast):
    client.force_login(cast.agent)
    response = client.post(URL, call(cast, requester=cast.bruno.pk))
    assert response.status_code == 400 and response.context["form"].errors["requester"]
    assert "Amir called" in response.content.decode() and not Ticket.objects.exists()


def test_only_phone_and_chat_can_be_logged(client, cast):
    client.force_login(cast.agent)
    assert client.post(URL, call(cast, channel="email")).status_code == 400
    assert not Ticket.objects.exists()


def test_the_merchant_panel_link_preselects_the_merchant(client, cast):
    client.force_login(cast.agent)
    response = client.get(URL, {"merchant": cast.alpine.pk})
    assert list(response.context["form"].fields["requester"].queryset) == [cast.alice, cast.amir]
    page = response.content.decode()
    assert 'name="requester"' in page and f'value="{cast.amir.pk}"' in page
    assert f'value="{cast.bruno.pk}"' not in page and "Bergamo" not in page  # only this merchant's users


def test_before_a_merchant_is_chosen_no_merchant_or_user_is_listed(client, cast):
    client.force_login(cast.agent)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200 and 'name="q"' in page
    assert "<select" not in page and 'name="requester"' not in page
    for name in ("Alpine Outfitters", "Bergamo Books", "alice", "bruno"):
        assert name not in page


@pytest.mark.parametrize("term", ["bergamo", "BERG", "bergamo@example", "IXXO-FIND-"])
def test_without_javascript_a_search_lists_the_matching_merchants_to_pick(client, cast, term):
    Merchant.objects.filter(pk=cast.bergamo.pk).update(licence_key="IXXO-FIND-0001-KEY")
    client.force_login(cast.agent)
    response = client.get(URL, {"q": term})
    assert response.context["matches"] == [cast.bergamo]
    page = response.content.decode()
    assert f'href="?merchant={cast.bergamo.pk}"' in page and "Alpine Outfitters" not in page
    assert 'name="requester"' not in page


def test_a_search_with_no_match_says_so(client, cast):
    client.force_login(cast.agent)
    assert "No merchant matches" in client.get(URL, {"q": "zebra"}).content.decode()


def test_the_json_search_finds_by_name_email_or_licence_key(client, cast):
    client.force_login(cast.agent)

    def names(term: str) -> list[str]:
        response = client.get(SEARCH, {"q": term})
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        return [m["name"] for m in response.json()["results"]]

    assert names("alpine") == ["Alpine Outfitters"]
    assert names(cast.bergamo.contact_email) == ["Bergamo Books"]
    assert names(cast.coastal.licence_key.lower()) == ["Coastal Candles"]
    assert names("") == [] and names("   ") == [] and names("no such shop") == []
    first = client.get(SEARCH, {"q": "alpine"}).json()["results"][0]
    assert first["id"] == cast.alpine.pk and first["url"] == f"{URL}?merchant={cast.alpine.pk}"


def test_the_json_search_returns_at_most_20(client, cast):
    factories.MerchantFactory.create_batch(25, name=factory.Sequence(lambda n: f"Shop {n:03d}"))
    client.force_login(cast.agent)
    results = client.get(SEARCH, {"q": "Shop"}).json()["results"]
    assert len(results) == 20 and Merchant.objects.filter(name__icontains="shop").count() == 25
    assert len(client.get(URL, {"q": "Shop"}).context["matches"]) == 20


@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_merchants_get_a_404_from_the_merchant_search(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(SEARCH, {"q": "alpine"}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in_by_the_merchant_search(client, cast):
    assert client.get(SEARCH, {"q": "alpine"}).status_code == 302


@pytest.mark.parametrize("merchant", ["", "999999", "not-a-number"])
def test_a_missing_or_unknown_merchant_is_a_form_error_and_nothing_is_saved(client, cast, merchant):
    client.force_login(cast.agent)
    response = client.post(URL, call(cast, merchant=merchant))
    assert response.status_code == 400 and response.context["form"].errors["merchant"]
    assert "Amir called" in response.content.decode() and not Ticket.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bruno"])
def test_merchants_get_a_404(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, call(cast)).status_code == 404
    assert not Ticket.objects.exists()


@pytest.mark.parametrize("term", ["alpine", "@example"])
def test_the_merchant_search_can_use_the_trigram_indexes(cast, term):
    """At hundreds of thousands of merchants the search must not scan the table: the planner can
    answer the selector's query from the trigram indexes of accounts migration 0002."""
    with CaptureQueriesContext(connection) as ctx:
        assert merchants_matching(term)
    (query,) = ctx.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert all(index in plan for index in ("merchant_name_trgm", "merchant_email_trgm", "merchant_key_trgm"))
