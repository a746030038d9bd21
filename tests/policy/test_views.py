import pytest
from django.urls import reverse

from policy import services
from tickets import services as ticket_services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

CSS = ("Header menu", "I changed the CSS of our header myself and now the menu overlaps the logo. Can you fix my CSS?")
TAX = ("Tax rates", "Where do I set the tax rate for deliveries to Austria?")


def restricted_ticket(cast) -> Ticket:
    ticket = ticket_services.ticket_create(actor=cast.alice, subject=CSS[0], body=CSS[1])
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["custom_html_css"], reason="their own CSS")
    return ticket


def page(client, user, ticket):
    client.force_login(user)
    # Staff are sent on to the desk's ticket page, which shows the same scope panel.
    return " ".join(client.get(reverse("tickets:detail", args=[ticket.pk]), follow=True).content.decode().split())


def test_a_merchant_is_told_why_and_what_instead_for_a_restricted_ticket(client, cast):
    html = page(client, cast.alice, restricted_ticket(cast))
    assert "outside our support scope" in html
    assert "customizations made to your store" in html  # the policy clause, quoted
    assert "Request a quote for frontend development" in html
    assert "Ask an agent to review this" in html


def test_a_mixed_ticket_says_which_part_is_answered(client, cast):
    ticket = ticket_services.ticket_create(actor=cast.alice, subject=TAX[0], body=TAX[1] + " " + CSS[1])
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["functionality", "custom_html_css"],
                             reason="two questions")
    html = page(client, cast.alice, ticket)
    assert "Part of your request is outside our support scope" in html
    assert "We will gladly answer the part of your request about functionality and settings" in html


def test_an_in_scope_ticket_shows_nothing_of_the_scope(client, cast):
    ticket = ticket_services.ticket_create(actor=cast.alice, subject=TAX[0], body=TAX[1])
    assert ticket.scope_verdict == "in_scope"
    assert 'data-testid="scope-notice"' not in page(client, cast.alice, ticket)


def test_an_unsure_restricted_verdict_is_not_shown_to_the_merchant(client, cast):
    ticket = restricted_ticket(cast)
    Ticket.objects.filter(pk=ticket.pk).update(needs_review=True)
    ticket.verdicts.update(needs_review=True, source="classifier")
    assert 'data-testid="scope-notice"' not in page(client, cast.alice, ticket)


def test_one_click_asks_for_a_review(client, cast):
    ticket = restricted_ticket(cast)
    client.force_login(cast.alice)
    response = client.post(reverse("policy:review", args=[ticket.pk]))
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.needs_review and ticket.queue.slug == "scope-review"
    assert "A support agent is reviewing" in page(client, cast.alice, ticket)


def test_request_a_quote_opens_a_ticket_for_professional_services(client, cast):
    ticket = restricted_ticket(cast)
    client.force_login(cast.alice)
    response = client.post(reverse("policy:quote", args=[ticket.pk]), {"topic": "custom_html_css"})
    quote = Ticket.objects.exclude(pk=ticket.pk).get(merchant=cast.alpine)
    assert response.url == reverse("tickets:detail", args=[quote.pk])
    assert quote.queue.slug == "professional-services"


def test_another_merchant_cannot_ask_for_a_review_or_a_quote(client, cast):
    ticket = restricted_ticket(cast)
    client.force_login(cast.bruno)
    assert client.post(reverse("policy:review", args=[ticket.pk])).status_code == 404
    assert client.post(reverse("policy:quote", args=[ticket.pk]), {"topic": "custom_html_css"}).status_code == 404
    ticket.refresh_from_db()
    assert not ticket.needs_review


def test_anonymous_users_are_sent_to_sign_in(client, cast):
    ticket = restricted_ticket(cast)
    response = client.post(reverse("policy:review", args=[ticket.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_an_agent_corrects_a_verdict_from_the_ticket_page(client, cast):
    ticket = ticket_services.ticket_create(actor=cast.alice, subject=TAX[0], body=TAX[1])
    client.force_login(cast.agent)
    assert 'data-testid="scope-panel"' in page(client, cast.agent, ticket)
    response = client.post(reverse("policy:correct", args=[ticket.pk]),
                           {"topics": ["functionality", "consulting"], "reason": "also asks for marketing advice"})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.scope_verdict == "mixed"


def test_merchants_cannot_correct_verdicts(client, cast):
    ticket = ticket_services.ticket_create(actor=cast.alice, subject=TAX[0], body=TAX[1])
    client.force_login(cast.alice)
    response = client.post(reverse("policy:correct", args=[ticket.pk]), {"topics": ["consulting"], "reason": "x"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.scope_topics != ["consulting"]


def test_the_first_email_explains_a_restriction(cast, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_services.ticket_create(
        actor=cast.alice, subject="Certificate renewal",
        body="Our SSL certificate that we bought from GoDaddy expires next week. How do I renew and install it "
             "on our hosting server?")
    received = [m for m in mailoutbox if ticket.reference in m.subject]
    assert len(received) == 1
    assert "Our support policy" in received[0].body
    assert "SSL Certificate related issues provided through third party providers" in received[0].body
    assert received[0].reply_to and ticket.reference.lower() in received[0].reply_to[0]
