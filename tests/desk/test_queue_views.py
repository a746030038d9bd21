"""/desk/: the triage queue's views, sort order, keyset pages, counts, filters and saved views."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from desk import selectors
from desk.models import SavedView
from tests.desk.queue_support import queue, restrict, ticket

pytestmark = pytest.mark.django_db
DESK = "/desk/"


def refs(response) -> list[str]:  # noqa: ANN001
    return [t.reference for t in response.context["tickets"]]


def count(response, key: str) -> int | None:  # noqa: ANN001
    for _, entries in response.context["sidebar"]:
        for view, n in entries:
            if view.key == key:
                return n
    return None


class TestAccess:
    def test_merchants_get_404_on_the_desk(self, cast, client):
        client.force_login(cast.alice)
        assert client.get(DESK).status_code == 404
        assert client.post("/desk/claim-next/").status_code == 404

    def test_anonymous_users_are_sent_to_sign_in(self, client):
        assert client.get(DESK).status_code == 302

    def test_an_unknown_view_is_404(self, cast, client):
        client.force_login(cast.agent)
        assert client.get(DESK, {"view": "nonsense"}).status_code == 404


class TestViews:
    def test_unassigned_is_sorted_by_sla_due_time_with_undated_tickets_last(self, cast, client):
        later = ticket(cast, due_in=timedelta(hours=8))
        undated = ticket(cast, due_in=None)
        sooner = ticket(cast, due_in=timedelta(hours=1))
        overdue = ticket(cast, due_in=timedelta(hours=-3))
        ticket(cast, status="resolved")
        ticket(cast, assignee=cast.agent)
        client.force_login(cast.agent)
        response = client.get(DESK)
        assert response.status_code == 200
        assert refs(response) == [overdue.reference, sooner.reference, later.reference, undated.reference]

    def test_the_due_time_follows_the_clock_that_runs(self, cast):
        from django.utils import timezone

        t = ticket(cast, due_in=timedelta(hours=1), resolution_due_at=timezone.now() + timedelta(days=3))
        t.refresh_from_db()
        assert t.sla_due_at == t.first_response_due_at
        t.first_response_at = timezone.now()
        t.save(update_fields=["first_response_at"])
        t.refresh_from_db()
        assert t.sla_due_at == t.resolution_due_at

    def test_each_built_in_view_holds_its_tickets(self, cast, client):
        mine = ticket(cast, assignee=cast.agent, due_in=timedelta(hours=30))
        review = ticket(cast, needs_review=True, assignee=cast.supervisor)
        soon = ticket(cast, due_in=timedelta(minutes=30), assignee=cast.supervisor)
        breached = ticket(cast, due_in=timedelta(hours=-1), assignee=cast.supervisor)
        paused = ticket(cast, due_in=timedelta(hours=-1), status="pending", assignee=cast.supervisor)
        client.force_login(cast.agent)
        assert refs(client.get(DESK, {"view": "mine"})) == [mine.reference]
        assert refs(client.get(DESK, {"view": "review"})) == [review.reference]
        assert refs(client.get(DESK, {"view": "soon"})) == [soon.reference]
        assert refs(client.get(DESK, {"view": "breached"})) == [breached.reference]
        assert paused.reference not in refs(client.get(DESK, {"view": "breached"}))

    def test_a_queue_view_and_the_sidebar_counts(self, cast, client):
        tech = queue("technical")
        in_tech = [ticket(cast, q=tech) for _ in range(3)]
        ticket(cast, q=queue("general"))
        client.force_login(cast.agent)
        response = client.get(DESK, {"view": "queue:technical"})
        assert set(refs(response)) == {t.reference for t in in_tech}
        assert count(response, "queue:technical") == 3
        assert count(response, "unassigned") == 4
        assert count(response, "mine") == 0

    def test_counts_are_capped(self, cast, client, monkeypatch):
        monkeypatch.setattr(selectors, "COUNT_CAP", 2)
        for _ in range(4):
            ticket(cast)
        client.force_login(cast.agent)
        response = client.get(DESK)
        assert count(response, "unassigned") == 3  # cap + 1: "2+"
        assert 'data-testid="count-unassigned"' in response.content.decode()
        assert ">2+<" in response.content.decode()


class TestKeysetPages:
    def test_pages_follow_each_other_without_gaps_or_repeats(self, cast, client, monkeypatch):
        monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
        same_due = timedelta(hours=2)
        made = [ticket(cast, due_in=timedelta(hours=h)) for h in (5, 1, 3)] + [ticket(cast, due_in=None)
                                                                              for _ in range(2)]
        tied = [ticket(cast, due_in=same_due) for _ in range(3)]
        for t in tied[1:]:  # exactly the same due time: the id breaks the tie
            t.first_response_due_at = tied[0].first_response_due_at
            t.save(update_fields=["first_response_due_at"])
        client.force_login(cast.agent)
        seen, url, pages = [], DESK, 0
        while url:
            response = client.get(url)
            seen += refs(response)
            url = DESK + response.context["next_url"] if response.context["next_url"] else ""
            pages += 1
        expected = sorted([t for t in made + tied if t.first_response_due_at],
                          key=lambda t: (t.first_response_due_at, t.pk))
        expected += sorted([t for t in made if not t.first_response_due_at], key=lambda t: t.pk)
        assert seen == [t.reference for t in expected]
        assert pages == 3

    def test_the_number_of_queries_does_not_grow_with_the_page(self, cast, client):
        client.force_login(cast.agent)
        for _ in range(2):
            ticket(cast, q=queue("technical"))
        client.get(DESK)  # warm up the session and role caches
        with CaptureQueriesContext(connection) as small:
            client.get(DESK)
        for _ in range(40):
            ticket(cast, q=queue("general"), due_in=None)
        with CaptureQueriesContext(connection) as large:
            response = client.get(DESK)
        assert len(response.context["tickets"]) == 42
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_a_broken_cursor_starts_at_the_first_page(self, cast, client):
        first = ticket(cast)
        client.force_login(cast.agent)
        assert refs(client.get(DESK, {"cursor": "garbage"})) == [first.reference]


class TestFiltersAndSavedViews:
    def test_filters_narrow_the_view(self, cast, client):
        high = ticket(cast, priority=3, language="de", channel="email")
        ticket(cast, priority=1, language="en")
        client.force_login(cast.agent)
        response = client.get(DESK, {"view": "unassigned", "filter": "1", "priority": "3", "language": "de",
                                     "channel": "email"})
        assert refs(response) == [high.reference]

    @pytest.mark.parametrize("bad", [
        {"created_after": "2026-05-02", "created_before": "2026-05-01"},
        {"assignee": "nobody-by-this-name"},
        {"language": "x!"},
        {"status": "exploded"},
        {"created_after": "not a date"},
    ])
    def test_bad_filters_are_form_errors_not_500s(self, cast, client, bad):
        ticket(cast)
        client.force_login(cast.agent)
        response = client.get(DESK, {"filter": "1", **bad})
        assert response.status_code == 200
        assert response.context["filter_form"].errors
        assert response.context["tickets"] == []

    def test_a_saved_view_keeps_its_filters_and_shows_in_the_sidebar(self, cast, client):
        urgent = ticket(cast, priority=4, assignee=cast.supervisor)
        ticket(cast, priority=2)
        client.force_login(cast.agent)
        response = client.post("/desk/views/", {"name": "Urgent", "priority": "4", "filter": "1"})
        view = SavedView.objects.get(owner=cast.agent, name="Urgent")
        assert view.filters == {"priority": ["4"]}
        assert response.url.endswith(f"?view=saved:{view.pk}")
        page = client.get(DESK, {"view": f"saved:{view.pk}"})
        assert refs(page) == [urgent.reference]
        assert count(page, f"saved:{view.pk}") == 1

    def test_a_saved_view_with_bad_filters_is_not_saved(self, cast, client):
        client.force_login(cast.agent)
        client.post("/desk/views/", {"name": "Broken", "language": "x!"})
        assert not SavedView.objects.filter(name="Broken").exists()

    def test_an_agent_shares_a_view_with_every_agent_and_only_the_owner_deletes_it(self, cast, client):
        client.force_login(cast.agent)
        client.post("/desk/views/", {"name": "Team urgent", "priority": "4", "is_shared": "1"})
        client.post("/desk/views/", {"name": "Just mine", "priority": "3"})
        shared, private = SavedView.objects.get(name="Team urgent"), SavedView.objects.get(name="Just mine")
        assert (shared.is_shared, private.is_shared) == (True, False)
        delete = f'action="/desk/views/{shared.pk}/delete/"'
        assert delete in client.get(DESK).content.decode()
        client.force_login(cast.supervisor)
        page = client.get(DESK)
        assert count(page, f"saved:{shared.pk}") is not None and count(page, f"saved:{private.pk}") is None
        assert delete not in page.content.decode()  # no delete button for someone else's view
        assert client.post(f"/desk/views/{shared.pk}/delete/").status_code == 302
        assert SavedView.objects.filter(pk=shared.pk).exists()
        client.force_login(cast.agent)
        client.post(f"/desk/views/{shared.pk}/delete/")
        assert not SavedView.objects.filter(pk=shared.pk).exists()

    def test_saving_again_without_the_box_stops_sharing(self, cast, client):
        client.force_login(cast.agent)
        client.post("/desk/views/", {"name": "Team", "priority": "4", "is_shared": "1"})
        client.post("/desk/views/", {"name": "Team", "priority": "4"})
        assert SavedView.objects.get(name="Team").is_shared is False

    def test_other_agents_private_views_are_not_offered(self, cast, client):
        private = SavedView.objects.create(owner=cast.supervisor, name="Mine only", filters={})
        shared = SavedView.objects.create(owner=cast.supervisor, name="Team", filters={}, is_shared=True)
        client.force_login(cast.agent)
        assert client.get(DESK, {"view": f"saved:{private.pk}"}).status_code == 404
        assert client.get(DESK, {"view": f"saved:{shared.pk}"}).status_code == 200


class TestRestrictedAgents:
    def test_never_see_other_queues_in_views_counts_or_search(self, cast, client):
        tech, general = queue("technical"), queue("general")
        restrict(cast.agent, tech)
        mine = ticket(cast, q=tech, subject="Printer on fire")
        other = ticket(cast, q=general, subject="Printer on fire too")
        other_breached = ticket(cast, q=general, due_in=timedelta(hours=-2))
        unqueued = ticket(cast, subject="Printer on fire as well")
        client.force_login(cast.agent)
        seen = set()
        for key in ("mine", "unassigned", "review", "soon", "breached", "queue:technical"):
            response = client.get(DESK, {"view": key})
            seen |= set(refs(response))
            assert count(response, "breached") == 0
        seen |= set(refs(client.get(DESK, {"q": "printer"})))
        seen |= set(refs(client.get(DESK, {"q": other.reference})))
        assert seen == {mine.reference}
        assert other_breached.reference not in seen and unqueued.reference not in seen
        assert client.get(DESK, {"view": "queue:general"}).status_code == 404
        sidebar_keys = {v.key for _, entries in client.get(DESK).context["sidebar"] for v, _ in entries}
        assert "queue:general" not in sidebar_keys
