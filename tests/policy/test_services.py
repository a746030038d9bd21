import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from policy import services
from policy.models import ScopeVerdict
from tickets import services as ticket_services
from tickets.models import Ticket, TicketEvent

pytestmark = pytest.mark.django_db

SSL_TICKET = ("Certificate expired", "Our SSL certificate from GoDaddy expired yesterday. How do I install the "
              "renewed certificate on our server?")
BUG_TICKET = ("Checkout error 500", "Since the update to 6.0 the checkout throws error 500 when a customer pays "
              "by invoice. Reproduced three times on the default theme.")


def open_ticket(user, subject_body):
    subject, body = subject_body
    return ticket_services.ticket_create(actor=user, subject=subject, body=body)


def test_every_new_ticket_gets_a_verdict_with_its_versions(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    verdict = ticket.verdicts.get()
    assert ticket.scope_verdict == verdict.verdict
    assert ticket.scope_topics == verdict.topics
    assert verdict.rules_version.startswith("rules-")
    assert verdict.source == ScopeVerdict.Source.CLASSIFIER
    assert ticket.events.filter(kind=TicketEvent.Kind.VERDICT).exists()


def test_a_restricted_request_is_found_with_evidence_and_clause(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    assert "domains_ssl" in ticket.scope_topics
    evidence = [row for row in ticket.verdicts.get().evidence if row["topic"] == "domains_ssl"]
    assert evidence and evidence[0]["clause"]
    assert evidence[0]["sentence"] in f"{ticket.subject}\n{ticket.body}"


def test_software_issues_start_urgent(cast):
    ticket = open_ticket(cast.alice, BUG_TICKET)
    assert "software_issue" in ticket.scope_topics
    assert ticket.priority == Ticket.Priority.URGENT
    assert ticket.events.filter(kind=TicketEvent.Kind.PRIORITY, data__new=Ticket.Priority.URGENT).exists()


def test_a_failing_classifier_keeps_the_ticket_and_sends_it_to_review(cast, monkeypatch):
    def explode(subject, body):
        raise RuntimeError("model file is corrupt")

    monkeypatch.setattr(services, "run_classifier", explode)
    ticket = open_ticket(cast.alice, SSL_TICKET)
    ticket.refresh_from_db()
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert ticket.needs_review is True
    verdict = ticket.verdicts.get()
    assert verdict.source == ScopeVerdict.Source.FAILURE
    assert "model file is corrupt" in verdict.reason


def test_an_agent_correction_is_stored_with_who_and_why_and_keeps_history(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["functionality", "domains_ssl"],
                             reason="The tax question is in scope too.")
    ticket.refresh_from_db()
    assert ticket.scope_verdict == "mixed"
    assert ticket.needs_review is False
    latest = ticket.verdicts.order_by("-id").first()
    assert (latest.source, latest.actor, latest.reason) == ("agent", cast.agent, "The tax question is in scope too.")
    assert ticket.verdicts.count() == 2


@pytest.mark.parametrize("topics, reason, field", [([], "why", "topics"), (["no_such_topic"], "why", "topics"),
                                                    (["hosting"], "  ", "reason")])
def test_a_correction_needs_known_topics_and_a_reason(cast, topics, reason, field):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    with pytest.raises(ValidationError) as error:
        services.verdict_correct(actor=cast.agent, ticket=ticket, topics=topics, reason=reason)
    assert field in error.value.message_dict
    assert ticket.verdicts.count() == 1


def test_merchants_cannot_correct_or_confirm_verdicts(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    with pytest.raises(PermissionDenied):
        services.verdict_correct(actor=cast.alice, ticket=ticket, topics=["functionality"], reason="mine")
    with pytest.raises(PermissionDenied):
        services.verdict_confirm(actor=cast.alice, ticket=ticket)


def test_a_confirmation_clears_review(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    ticket.needs_review = True
    ticket.save()
    services.verdict_confirm(actor=cast.agent, ticket=ticket)
    ticket.refresh_from_db()
    assert ticket.needs_review is False
    assert ticket.verdicts.order_by("-id").first().source == ScopeVerdict.Source.CONFIRMED


def test_a_review_request_flags_the_ticket_and_moves_it_to_scope_review(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    assert services.review_request(actor=cast.alice, ticket=ticket, reason="We bought it from IXXO") is True
    ticket.refresh_from_db()
    assert ticket.needs_review is True
    assert ticket.queue.slug == "scope-review"
    assert ticket.events.filter(kind=TicketEvent.Kind.REVIEW).count() == 1
    assert services.review_request(actor=cast.alice, ticket=ticket) is False


def test_a_quote_request_opens_a_professional_services_ticket_without_triage(cast):
    ticket = open_ticket(cast.alice, ("Change the header", "I edited the CSS of our header and now the menu "
                                                           "overlaps the logo. Please fix my custom CSS."))
    services.verdict_correct(actor=cast.agent, ticket=ticket, topics=["custom_html_css"], reason="custom CSS")
    quote = services.quote_request(actor=cast.alice, ticket=ticket, topic="custom_html_css")
    quote.refresh_from_db()
    assert quote.queue.slug == "professional-services"
    assert quote.merchant == cast.alpine
    assert not quote.verdicts.exists()
    assert ticket.reference in quote.subject
    assert ticket.events.filter(kind=TicketEvent.Kind.QUOTE, data__quote=quote.reference).exists()


def test_no_quote_for_a_topic_without_a_paid_service(cast):
    ticket = open_ticket(cast.alice, SSL_TICKET)
    with pytest.raises(ValidationError):
        services.quote_request(actor=cast.alice, ticket=ticket, topic="domains_ssl")


def test_a_reply_that_asks_something_new_widens_the_verdict(cast):
    ticket = open_ticket(cast.alice, ("Tax rates", "Where do I set the tax rate for deliveries to Austria?"))
    assert ticket.scope_verdict == "in_scope"
    message = ticket_services.message_create(
        actor=cast.alice, ticket=ticket,
        body="Thanks! Another thing: our SSL certificate from Namecheap expired, how do I renew it on the server?")
    ticket.refresh_from_db()
    assert "domains_ssl" in ticket.scope_topics
    assert ticket.scope_verdict == "mixed"
    assert ticket.verdicts.filter(message=message).exists()


@pytest.mark.parametrize("answer", ["Version 5.2.", "We run 6.0.3.", "Yes, PHP 8.2."])
def test_a_short_answer_to_the_agent_asks_nothing_new(cast, answer):
    ticket = open_ticket(cast.alice, ("Export", "How do I export my orders?"))
    ticket_services.message_create(actor=cast.alice, ticket=ticket, body=answer)
    ticket.refresh_from_db()
    assert ticket.verdicts.count() == 1 and ticket.scope_topics == ["functionality"]


def test_a_thank_you_reply_changes_nothing(cast):
    ticket = open_ticket(cast.alice, ("Tax rates", "Where do I set the tax rate for deliveries to Austria?"))
    ticket_services.message_create(actor=cast.alice, ticket=ticket, body="Thank you, that worked!")
    ticket.refresh_from_db()
    assert ticket.verdicts.count() == 1
