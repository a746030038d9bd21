"""A small helpdesk with known figures for the dashboard tests (see each ticket's comment).

Times are local noons `k` days ago, so every ticket's calendar day and backlog age bucket are the
same whatever the hour the tests run at. The range the tests ask for is the last 11 days.
"""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from policy.models import ScopeVerdict
from tests import factories

H = timedelta(hours=1)
D = timedelta(days=1)


def noon(days_ago: int) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(12)))


def _ticket(merchant, *, created, queue, verdict, topics, status, assignee=None, first=None, solved=None):  # noqa: ANN001, ANN202
    return factories.TicketFactory(
        merchant=merchant, queue=queue, scope_verdict=verdict, scope_topics=topics, status=status, assignee=assignee,
        created_at=created, first_response_at=first and created + first, first_response_due_at=created + 4 * H,
        resolved_at=solved and created + solved, resolution_due_at=created + 5 * D,
        closed_at=created + solved if status == "closed" else None)


def build(cast) -> SimpleNamespace:  # noqa: ANN001
    general = factories.QueueFactory(name="General desk", slug="general-desk")
    technical = factories.QueueFactory(name="Technical desk", slug="technical-desk")
    ann = factories.StaffFactory(username="ann", role="agent")
    ben = factories.StaffFactory(username="ben", role="agent")
    limited = factories.StaffFactory(username="lim", role="supervisor", restrict_to_queues=True)
    general.agents.add(ann, limited)
    technical.agents.add(ben)
    m = cast.alpine
    t = SimpleNamespace(general=general, technical=technical, ann=ann, ben=ben, limited=limited)
    # In the range (last 11 days):
    # t1 general, answered on time, solved on time.
    t.t1 = _ticket(m, created=noon(2), queue=general, verdict="in_scope", topics=["functionality"],
                   status="resolved", assignee=ann, first=H, solved=D)
    # t2 general, answered late (5 h > 4 h), still open: resolution clock running.
    t.t2 = _ticket(m, created=noon(2), queue=general, verdict="restricted", topics=["custom_html_css", "hosting"],
                   status="open", assignee=ann, first=5 * H)
    # t3 general, never answered, past its first-response due time: breached (resolution due tomorrow).
    t.t3 = _ticket(m, created=noon(4), queue=general, verdict="mixed", topics=["functionality", "custom_html_css"],
                   status="new")
    # t4 technical, answered on time, solved after 7 days (> 5): resolution breached.
    t.t4 = _ticket(m, created=noon(10), queue=technical, verdict="restricted", topics=["hosting"],
                   status="closed", assignee=ben, first=H, solved=7 * D)
    # t8 general, two hours old: both clocks still running.
    now = timezone.now()
    t.t8 = factories.TicketFactory(merchant=m, queue=general, scope_verdict="in_scope", scope_topics=["functionality"],
                                   status="new", created_at=now - 2 * H, first_response_due_at=now + 2 * H,
                                   resolution_due_at=now + 5 * D)
    # Outside the range, open (backlog only):
    t.t5 = _ticket(m, created=noon(14), queue=technical, verdict="in_scope", topics=["license"], status="open",
                   assignee=ben, first=H)
    t.t6 = _ticket(m, created=noon(20), queue=None, verdict="", topics=[], status="open")
    t.t7 = _ticket(m, created=noon(40), queue=general, verdict="", topics=[], status="open")
    # Agents' reviews in the range: corrections of t2 and t5 (t5 in technical), a confirmation of t1;
    # the classifier's own verdict is not a correction.
    for ticket, source, at in ((t.t2, "agent", noon(2) + H), (t.t5, "agent", noon(3)), (t.t1, "confirmed", noon(2)),
                               (t.t1, "classifier", noon(2))):
        ScopeVerdict.objects.create(ticket=ticket, verdict=ticket.scope_verdict, topics=ticket.scope_topics,
                                    source=source, actor=ann, created_at=at)
    t.start, t.end = timezone.localdate() - timedelta(days=10), timezone.localdate()
    t.query = {"start": t.start.isoformat(), "end": t.end.isoformat()}
    return t
