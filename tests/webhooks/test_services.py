import hashlib
import hmac

from tickets.models import Ticket
from tickets.services import ticket_change_status, ticket_create
from webhooks.models import Delivery, Webhook
from webhooks.services import delivery_attempt, emit, sign
from webhooks.tasks import deliver


def ticket_for(cast) -> Ticket:  # noqa: ANN001
    return ticket_create(actor=cast.alice, subject="Export", body="How do I export my orders?")


def test_a_subscribed_event_is_delivered_signed(cast, receiver, django_capture_on_commit_callbacks):
    hook = Webhook.objects.create(name="CRM", url=receiver.url, events=["ticket.created"], secret="s" * 32)
    Webhook.objects.create(name="Other", url=receiver.url, events=["ticket.sla_breached"], secret="t" * 32)
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_for(cast)
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["json"]["event"] == "ticket.created"
    assert request["json"]["data"]["ticket"]["reference"] == ticket.reference
    timestamp, signature = (part.split("=", 1)[1] for part in request["headers"]["x-ixxo-signature"].split(","))
    expected = hmac.new(hook.secret.encode(), f"{timestamp}.".encode() + request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(signature, expected)
    delivery = Delivery.objects.get(webhook=hook)
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("succeeded", 1, 200)
    assert request["headers"]["x-ixxo-delivery"] == str(delivery.pk)


def test_a_failing_receiver_is_retried_with_backoff_until_it_accepts(cast, receiver):
    Webhook.objects.create(name="CRM", url=receiver.url, events=["ticket.status_changed"], secret="s" * 32)
    ticket = ticket_for(cast)
    ticket_change_status(actor=cast.agent, ticket=ticket, status=Ticket.Status.RESOLVED)
    delivery = Delivery.objects.get()
    receiver.codes = [500, 503]
    deliver.apply(kwargs={"delivery_id": delivery.pk})  # eager: the retries run at once
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(receiver.requests)) == ("succeeded", 3, 3)
    assert deliver.retry_backoff == 2 and deliver.retry_kwargs["max_retries"] == 8


def test_a_delivered_event_is_not_sent_again(cast, receiver):
    Webhook.objects.create(name="CRM", url=receiver.url, events=["ticket.created"], secret="s" * 32)
    ticket_for(cast)
    delivery = Delivery.objects.get()
    assert delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.requests) == 1


def test_an_unreachable_receiver_is_logged_and_given_up_after_the_last_attempt(cast):
    hook = Webhook.objects.create(name="Gone", url="http://127.0.0.1:9/hook", events=["ticket.created"],
                                  secret="s" * 32)
    ticket = ticket_for(cast)
    [delivery] = emit(event="ticket.created", ticket=ticket) + []
    Delivery.objects.filter(pk=delivery.pk).update(attempts=7)
    assert delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.error and delivery.webhook == hook


def test_sign_matches_the_documented_scheme():
    body = b'{"a":1}'
    digest = hmac.new(b"k", b"12." + body, hashlib.sha256).hexdigest()
    assert sign("k", 12, body) == f"t=12,v1={digest}"
