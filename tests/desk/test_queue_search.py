"""The desk's full-text search: subject, body and messages, ranked, a reference, a timeout."""

import pytest
from django.db import connection

from desk import search
from tests import factories
from tests.desk.queue_support import queue, restrict, ticket

pytestmark = pytest.mark.django_db
DESK = "/desk/"


def found(client, term: str, **params) -> list[str]:  # noqa: ANN001, ANN003
    response = client.get(DESK, {"q": term, **params})
    assert response.status_code == 200
    return [t.reference for t in response.context["tickets"]]


@pytest.fixture
def agent_client(cast, client):  # noqa: ANN001
    client.force_login(cast.agent)
    return client


def test_finds_words_in_subject_body_and_messages(cast, agent_client):
    in_subject = ticket(cast, subject="Flamingo checkout error")
    in_body = ticket(cast, body="The flamingo theme breaks the header.")
    in_message = ticket(cast)
    factories.MessageFactory(ticket=in_message, body="Still broken with FLAMINGO, sorry.")
    ticket(cast, subject="Nothing to see")
    assert set(found(agent_client, "flamingo")) == {in_subject.reference, in_body.reference, in_message.reference}


def test_better_matches_rank_first(cast, agent_client):
    weak = ticket(cast, subject="Question", body="pelican")
    strong = ticket(cast, subject="Pelican pelican", body="pelican in the pelican module")
    assert found(agent_client, "pelican") == [strong.reference, weak.reference]


def test_several_words_must_all_match(cast, agent_client):
    both = ticket(cast, subject="Invoice PDF empty")
    ticket(cast, subject="Invoice sent twice")
    assert found(agent_client, "invoice pdf") == [both.reference]


def test_a_reference_finds_its_ticket(cast, agent_client):
    target = ticket(cast, subject="Anything")
    ticket(cast)
    assert found(agent_client, target.reference)[0] == target.reference
    assert found(agent_client, target.reference.lower())[0] == target.reference


def test_search_stays_within_the_view(cast, agent_client):
    mine = ticket(cast, subject="Heron issue", assignee=cast.agent)
    ticket(cast, subject="Heron issue too", assignee=cast.supervisor)
    assert found(agent_client, "heron", view="mine") == [mine.reference]


def test_restricted_agents_find_nothing_outside_their_queues(cast, agent_client):
    tech, general = queue("technical"), queue("general")
    restrict(cast.agent, tech)
    visible = ticket(cast, q=tech, subject="Walrus")
    hidden = ticket(cast, q=general, subject="Walrus")
    factories.MessageFactory(ticket=hidden, body="walrus walrus")
    assert found(agent_client, "walrus") == [visible.reference]
    assert found(agent_client, hidden.reference) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the statement timeout is PostgreSQL's")
def test_a_slow_search_is_cancelled_with_a_friendly_message(cast, agent_client, monkeypatch, settings):
    ticket(cast, subject="Osprey")
    settings.DESK_SEARCH_TIMEOUT_MS = 50
    # A search that takes half a second stands in for one that matches half the database.
    monkeypatch.setattr(search, "MATCH_SQL", search.MATCH_SQL + " UNION SELECT 0 FROM pg_sleep(0.5)")
    response = agent_client.get(DESK, {"q": "osprey"})
    assert response.status_code == 200
    assert response.context["search_failed"] is True
    assert "took too long" in response.content.decode()
    # The timeout does not outlive the search: the rest of the request and later queries are unaffected.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_search_can_use_the_gin_indexes(cast):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT id FROM tickets_ticket WHERE " + search.TICKET_VECTOR
                       + " @@ websearch_to_tsquery('simple', 'x')")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_fts" in plan


def test_without_postgresql_it_falls_back_to_icontains(cast, monkeypatch):
    from tickets.models import Ticket

    hit = ticket(cast, subject="Cormorant")
    msg = ticket(cast)
    factories.MessageFactory(ticket=msg, body="a cormorant")
    monkeypatch.setattr(search.connection, "vendor", "sqlite")
    results = search.search_tickets(Ticket.objects.all(), "cormorant")
    assert {t.pk for t in results} == {hit.pk, msg.pk}
