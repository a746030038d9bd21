from routing.models import RoutingDecision, RoutingRule, Skill
from routing.route import ticket_assign_waiting, ticket_route
from tickets.models import Queue, Ticket, TicketEvent
from tickets.services import ticket_create

BUG = ("Checkout error 500", "Since the update the checkout shows an error 500 and orders fail. Looks like a bug.")


def new_ticket(cast, subject: str = "How do I add a product variant?",  # noqa: ANN001
               body: str = "Where in the settings do I add a product variant?") -> Ticket:
    return ticket_create(actor=cast.alice, subject=subject, body=body)


def test_a_software_issue_goes_to_technical_and_is_urgent(cast):
    ticket = new_ticket(cast, *BUG)
    assert "software_issue" in ticket.scope_topics
    decision = ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.queue.slug == "technical"
    assert ticket.priority == Ticket.Priority.URGENT
    assert decision.rule.order == 20


def test_a_plain_question_falls_through_to_general(cast):
    ticket = new_ticket(cast)
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.queue.slug in {"general", "scope-review"}


def test_routing_twice_routes_once(cast):
    ticket = new_ticket(cast, *BUG)
    assert ticket_route(ticket_id=ticket.pk) is not None
    assert ticket_route(ticket_id=ticket.pk) is None
    assert RoutingDecision.objects.filter(ticket=ticket).count() == 1
    assert ticket.events.filter(kind=TicketEvent.Kind.QUEUE).count() == 1


def test_a_rule_on_keywords_sets_tags_and_an_assignee(cast, make_agent):
    anna = make_agent("anna", queue="connectivity")
    RoutingRule.objects.create(order=5, name="FTP", keywords="ftp", set_queue=Queue.objects.get(slug="connectivity"),
                               add_tags="ftp, vip", set_assignee=anna)
    ticket = new_ticket(cast, "FTP upload", "The FTP upload of my catalogue stops halfway.")
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert (ticket.queue.slug, ticket.assignee) == ("connectivity", anna)
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["ftp", "vip"]


def test_least_loaded_assigns_the_agent_with_fewest_open_tickets(cast, make_agent, auto_assign):
    auto_assign()
    busy, free = make_agent("busy"), make_agent("free")
    Ticket.objects.create(merchant=cast.alpine, requester=cast.alice, subject="x", body="x", assignee=busy)
    ticket = new_ticket(cast, *BUG)
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.assignee == free
    assert RoutingDecision.objects.get(ticket=ticket).assigned_at is not None


def test_round_robin_takes_turns(cast, make_agent, auto_assign):
    auto_assign(mode="round_robin")
    first, second = make_agent("first"), make_agent("second")
    owners = []
    for _ in range(3):
        ticket = new_ticket(cast, *BUG)
        ticket_route(ticket_id=ticket.pk)
        ticket.refresh_from_db()
        owners.append(ticket.assignee)
    assert owners == [first, second, first]


def test_agents_off_shift_without_the_skill_or_at_their_cap_get_nothing(cast, make_agent, auto_assign):
    skill = Skill.objects.create(slug="php", name="PHP")
    auto_assign(skill=skill)
    make_agent("sleeping", on_shift=False, skills=[skill])
    make_agent("unskilled")
    full = make_agent("full", cap=1, skills=[skill])
    Ticket.objects.create(merchant=cast.alpine, requester=cast.alice, subject="x", body="x", assignee=full)
    ticket = new_ticket(cast, *BUG)
    ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_an_agent_who_lost_the_staff_role_is_not_picked(cast, make_agent, auto_assign):
    auto_assign()
    former, current = make_agent("former"), make_agent("current")
    former.groups.clear()  # still in the queue, with a profile and shifts, but no longer staff
    Ticket.objects.create(merchant=cast.alpine, requester=cast.alice, subject="x", body="x", assignee=current)
    ticket = new_ticket(cast, *BUG)
    assert ticket_route(ticket_id=ticket.pk) is not None  # routing does not fail on ticket_assign's check
    assert Ticket.objects.get(pk=ticket.pk).assignee == current  # more loaded, but staff


def test_assignment_off_leaves_tickets_unassigned_until_an_agent_is_free(cast, make_agent, auto_assign):
    make_agent("later")
    ticket = new_ticket(cast, *BUG)
    ticket_route(ticket_id=ticket.pk)
    assert Ticket.objects.get(pk=ticket.pk).assignee is None
    auto_assign()
    assert ticket_assign_waiting() == 1
    assert Ticket.objects.get(pk=ticket.pk).assignee.username == "later"


def test_a_rule_deleted_under_the_routing_cache_makes_the_task_retry_with_fresh_data(cast, transactional_db):
    """Another process deleted a rule and its queue; this one still has them cached. The routing
    transaction fails on commit (foreign key), and the task must not drop the ticket."""
    from routing import cache
    from routing.tasks import route_ticket

    gone = Queue.objects.create(slug="gone", name="Gone")
    rule = RoutingRule.objects.create(order=1, name="Everything to Gone", set_queue=gone)
    stale = [RoutingRule.objects.select_related("set_queue").get(pk=rule.pk)]
    rule.delete()
    gone.delete()  # the signals cleared this process's cache; fill it as the other process still has it:
    cache.cached("rules", lambda: stale)
    # saved without the create hooks (which would route it on commit here), as a worker finds it
    ticket = Ticket.objects.create(merchant=cast.alpine, requester=cast.alice, subject=BUG[0], body=BUG[1],
                                   scope_verdict="in_scope", scope_topics=["software_issue"])
    result = route_ticket.apply(kwargs={"ticket_id": ticket.pk})  # eager: the retry runs at once
    assert result.successful() and result.result is True
    ticket.refresh_from_db()
    decision = RoutingDecision.objects.get(ticket=ticket)
    assert ticket.queue.slug == "technical" and decision.rule_id != rule.pk
    assert ticket.events.filter(kind=TicketEvent.Kind.QUEUE).count() == 1


def test_cached_shifts_and_assignment_modes_follow_changes_at_once(cast, make_agent, auto_assign):
    from routing.models import QueueRouting, Shift

    auto_assign()
    anna = make_agent("anna")
    first = new_ticket(cast, *BUG)
    ticket_route(ticket_id=first.pk)
    assert Ticket.objects.get(pk=first.pk).assignee == anna  # her shifts and the queue's mode are cached now
    Shift.objects.filter(profile__user=anna).delete()  # she goes off shift (as in admin)
    second = new_ticket(cast, *BUG)
    ticket_route(ticket_id=second.pk)
    assert Ticket.objects.get(pk=second.pk).assignee is None
    Shift.objects.create(profile=anna.agent_profile, weekday=0, starts="00:00", ends="00:00")
    for day in range(1, 7):
        Shift.objects.create(profile=anna.agent_profile, weekday=day, starts="00:00", ends="00:00")
    config = QueueRouting.objects.get(queue__slug="technical")
    config.mode = QueueRouting.Mode.OFF
    config.save()  # the queue stops assigning
    third = new_ticket(cast, *BUG)
    ticket_route(ticket_id=third.pk)
    assert Ticket.objects.get(pk=third.pk).assignee is None
