"""Canned replies (desk/canned.py, desk/admin.py): which fit a ticket, placeholders, the admin's check."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from desk import canned
from desk.models import CannedReply
from policy import services as policy_services
from policy.models import ScopeTopic
from tests import factories
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(cast):
    cast.alice.first_name, cast.alice.last_name = "Alice", "Alpine"
    cast.alice.save()
    ticket = services.ticket_create(actor=cast.alice, subject="Header", body="Can you fix my CSS header?")
    policy_services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["custom_html_css"], reason="test")
    ticket.refresh_from_db()
    return ticket


def test_placeholders_are_filled_for_the_ticket(cast, ticket):
    topic = ScopeTopic.objects.get(slug="custom_html_css")
    reply = CannedReply.objects.create(title="t", topic=topic, body=(
        "Hi {requester_name} of {merchant_name}, about {ticket_reference}: “{policy_clause}” Instead: {offer}. "
        "{agent_name}"))
    cast.agent.first_name = "Ana"
    cast.agent.save()
    [filled] = canned.filled_replies(ticket=ticket, agent=cast.agent, replies=[reply])
    clause, offer = topic.clause.strip(), topic.offer.strip()
    assert filled["body"] == (f"Hi Alice Alpine of Alpine Outfitters, about {ticket.reference}: “{clause}” "
                              f"Instead: {offer}. Ana")


def test_filling_never_evaluates_attribute_lookups(cast, ticket):
    text = "{merchant_name.__class__} {0} {requester_name}"
    values = canned.placeholder_values(ticket=ticket, agent=cast.agent)
    assert canned.fill(text, values) == "{merchant_name.__class__} {0} Alice Alpine"


def test_an_unknown_placeholder_is_refused_with_its_name():
    with pytest.raises(ValidationError) as error:
        canned.validate_placeholders("Hello {merchnt_name} and {requester_name}")
    assert "{merchnt_name}" in error.value.messages[0] and "{merchant_name}" in error.value.messages[0]


def test_the_ticket_gets_its_queues_and_topics_replies_and_the_generic_ones(cast, ticket):
    queue, other_queue = factories.QueueFactory(slug="q-one"), factories.QueueFactory(slug="q-two")
    Ticket.objects.filter(pk=ticket.pk).update(queue=queue)
    ticket.refresh_from_db()
    CannedReply.objects.all().delete()
    css, js = ScopeTopic.objects.get(slug="custom_html_css"), ScopeTopic.objects.get(slug="custom_javascript")
    generic = CannedReply.objects.create(title="Generic", body="x")
    for_queue = CannedReply.objects.create(title="For queue", body="x", queue=queue)
    for_topic = CannedReply.objects.create(title="For topic", body="x", topic=css)
    CannedReply.objects.create(title="Other queue", body="x", queue=other_queue)
    CannedReply.objects.create(title="Other topic", body="x", topic=js)
    CannedReply.objects.create(title="Inactive", body="x", is_active=False)
    assert canned.canned_for_ticket(ticket) == [for_topic, for_queue, generic]


def test_the_seeded_replies_include_a_restricted_topic_explanation_and_the_everyday_ones(cast, ticket):
    titles = set(CannedReply.objects.values_list("title", flat=True))
    assert {"Waiting for your reply", "Resolved", "Outside scope: Custom HTML/CSS"} <= titles
    for reply in CannedReply.objects.all():
        canned.validate_placeholders(reply.body)  # seeded texts use known placeholders only


def test_the_page_offers_the_replies_filled_in_and_fills_the_box_without_javascript(client, cast, ticket):
    reply = CannedReply.objects.create(title="Greeting", body="Hello {requester_name} ({ticket_reference})")
    client.force_login(cast.agent)
    url = reverse("desk:ticket", args=[ticket.pk])
    html = client.get(url).content.decode()
    assert f'data-body="Hello Alice Alpine ({ticket.reference})"' in html
    response = client.get(url, {"canned": reply.pk})
    assert response.context["form"]["body"].value() == f"Hello Alice Alpine ({ticket.reference})"


def test_the_restricted_topic_explanation_has_the_clause_and_the_offer(client, cast, ticket):
    topic = ScopeTopic.objects.get(slug="custom_html_css")
    client.force_login(cast.agent)
    response = client.get(reverse("desk:ticket", args=[ticket.pk]), {"explain": "custom_html_css"})
    body = response.context["form"]["body"].value()
    assert topic.clause.strip() in body and topic.offer.strip() in body and topic.explanation.strip() in body
    assert "Insert explanation: Custom HTML/CSS" in response.content.decode()


class TestAdmin:
    def test_admin_refuses_an_unknown_placeholder(self, client, cast):
        client.force_login(cast.admin)
        response = client.post(reverse("admin:desk_cannedreply_add"),
                               {"title": "Typo", "body": "Dear {merchnt_name}", "is_active": "on"})
        assert response.status_code == 200
        assert "Unknown placeholder {merchnt_name}" in response.content.decode()
        assert not CannedReply.objects.filter(title="Typo").exists()

    def test_admin_saves_a_valid_reply_and_records_who(self, client, cast):
        client.force_login(cast.admin)
        response = client.post(reverse("admin:desk_cannedreply_add"),
                               {"title": "Fine", "body": "Dear {merchant_name}", "is_active": "on"})
        assert response.status_code == 302
        assert CannedReply.objects.get(title="Fine").updated_by == cast.admin
