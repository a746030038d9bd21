"""Twenty agents press "get next ticket" at once on ten tickets (real PostgreSQL, real threads)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from tests import factories
from tests.desk.queue_support import ticket

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="SKIP LOCKED is PostgreSQL's")]


def test_twenty_agents_claim_ten_tickets_without_a_double(cast):
    tickets = [ticket(cast, due_in=timedelta(minutes=i)) for i in range(10)]
    agents = [factories.StaffFactory(username=f"racer{i}") for i in range(20)]
    barrier = threading.Barrier(len(agents))
    results: list[tuple[str, int, int | None]] = []
    errors: list[BaseException] = []

    def press(agent) -> None:  # noqa: ANN001
        try:
            client = APIClient()
            client.force_authenticate(agent)
            barrier.wait(timeout=30)
            response = client.post("/api/v1/tickets/claim-next/")
            results.append((agent.username, response.status_code,
                            response.json()["id"] if response.status_code == 200 else None))
        except BaseException as exc:  # noqa: BLE001 - re-raised by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=press, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    claimed = [ticket_id for _, status, ticket_id in results if status == 200]
    assert sorted(claimed) == sorted(t.pk for t in tickets)  # ten claims, none twice
    assert sorted(status for _, status, _ in results) == [200] * 10 + [204] * 10
    owners = {t.pk: t.assignee.username for t in type(tickets[0]).objects.select_related("assignee")
              .filter(pk__in=claimed)}
    assert owners == {ticket_id: name for name, status, ticket_id in results if status == 200}
