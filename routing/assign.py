"""Auto-assignment: off, round-robin or least-loaded among agents who are in the queue, on shift,
have the queue's skill and are under their open-ticket cap.

Lock order: the caller holds the ticket's row lock; this then takes the chosen agent's profile
row (least-loaded) or the queue's QueueRouting row (round-robin). Every assignment takes them in
that order, so two workers never deadlock, never assign one ticket twice, and never both hand
the last free slot of an agent's cap away.
"""

from datetime import datetime

from django.contrib.auth.models import Group
from django.db.models import Count, Prefetch
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_support_staff, remember_roles
from tickets.models import Ticket

from .businesstime import is_open
from .models import AgentProfile, QueueRouting
from .selectors import queue_assignment, shift_calendar


def on_shift(user: User, moment: datetime) -> bool:
    profile = user.agent_profile
    calendar = shift_calendar(profile.pk, profile.time_zone)  # cached per process, like the rules
    return calendar is not None and is_open(calendar, moment)


def candidates(*, ticket: Ticket, config: QueueRouting, team: Group | None = None) -> list[User]:
    """Eligible agents, least loaded first (ties by id). Only support staff: a user who lost the
    role but is still in the queue would make ticket_assign refuse, and routing fail, every time.
    Their roles come with one prefetch and are kept on the user, so that check costs no query.
    Open tickets are counted apart, on the index of open tickets: an aggregate joined with every
    ticket ever assigned grew with the agents' closed tickets (19 ms at 26,000 rows, against 5)."""
    users = (User.objects.filter(is_active=True, merchant__isnull=True, queues=ticket.queue_id,
                                 agent_profile__is_available=True)
             .select_related("agent_profile").order_by("id")
             .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name"))))
    if config.skill_id:
        users = users.filter(agent_profile__skills=config.skill_id)
    if team is not None:
        users = users.filter(groups=team)
    users = list(users)
    counts = dict(Ticket.objects.filter(assignee__in=[u.pk for u in users], status__in=Ticket.OPEN_STATUSES)
                  .order_by().values_list("assignee").annotate(n=Count("pk"))) if users else {}
    now = timezone.now()
    found = []
    for user in users:
        user.open_count = counts.get(user.pk, 0)
        if user.open_count >= user.agent_profile.max_open_tickets:
            continue
        remember_roles(user, [group.name for group in user.groups.all()])
        if is_support_staff(user) and on_shift(user, now):
            found.append(user)
    return sorted(found, key=lambda u: (u.open_count, u.pk))


def _lock_under_cap(user: User, *, wait: bool) -> bool:
    """Lock the agent's profile and re-count their open tickets under the lock (the cap is exact)."""
    profile = AgentProfile.objects.select_for_update(skip_locked=not wait).filter(user=user).first()
    if profile is None:
        return False
    open_count = Ticket.objects.filter(assignee=user, status__in=Ticket.OPEN_STATUSES).count()
    return open_count < profile.max_open_tickets


def pick_assignee(*, ticket: Ticket, team: Group | None = None) -> User | None:
    """Choose an agent for a ticket whose row the caller has locked; None when nobody fits.

    Least-loaded locks only the chosen agent's profile row, skipping agents another worker is
    assigning to right now, so tickets of one queue are assigned in parallel. Round-robin keeps a
    cursor on the queue and so locks the queue's row. Lock order: ticket, then queue or agent."""
    if ticket.queue_id is None:
        return None
    config = queue_assignment(ticket.queue_id)
    if config is None:
        return None
    if config.mode == QueueRouting.Mode.LEAST_LOADED:
        found = candidates(ticket=ticket, config=config, team=team)
        for user in found:
            if _lock_under_cap(user, wait=False):
                return user
        # everyone eligible is being assigned to by another worker right now: wait for the least loaded
        return next((user for user in found[:1] if _lock_under_cap(user, wait=True)), None)
    config = QueueRouting.objects.select_for_update().get(pk=config.pk)
    found = candidates(ticket=ticket, config=config, team=team)
    if not found:
        return None
    by_id = sorted(found, key=lambda u: u.pk)
    chosen = next((u for u in by_id if config.last_assignee_id and u.pk > config.last_assignee_id), by_id[0])
    QueueRouting.objects.filter(pk=config.pk).update(last_assignee=chosen)
    return chosen
