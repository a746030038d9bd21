"""Verdicts on tickets: the classifier's, agents' corrections and confirmations, merchants' review
requests and quote requests. Every verdict is kept; the ticket carries the latest."""

import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from accounts.roles import is_support_staff
from tickets.models import Message, Queue, Ticket, TicketEvent
from tickets.services import record_event

from .classify import Verdict, classify
from .models import ScopeTopic, ScopeVerdict
from .runtime import current_model, current_ruleset

logger = logging.getLogger(__name__)

SCOPE_REVIEW_QUEUE = "scope-review"
PROFESSIONAL_SERVICES_QUEUE = "professional-services"
REPLY_ASKS_FROM_WORDS = 8  # a reply this long may ask something new without a question mark


def verdict_for_topics(topics: Iterable[str]) -> str:
    kinds = dict(ScopeTopic.objects.filter(slug__in=list(topics)).values_list("slug", "kind"))
    restricted = any(kind == ScopeTopic.Kind.RESTRICTED for kind in kinds.values())
    in_scope = any(kind == ScopeTopic.Kind.IN_SCOPE for kind in kinds.values())
    if restricted and in_scope:
        return ScopeVerdict.Verdict.MIXED
    return ScopeVerdict.Verdict.RESTRICTED if restricted else ScopeVerdict.Verdict.IN_SCOPE


def _evidence_rows(verdict: Verdict) -> list[dict]:
    return [{"topic": e.topic, "sentence": e.sentence, "start": int(e.start), "end": int(e.end), "source": e.source,
             "clause": e.clause} for e in verdict.evidence]


def run_classifier(subject: str, body: str) -> Verdict:
    return classify(subject, body, ruleset=current_ruleset(), model=current_model())


def _apply_to_ticket(ticket: Ticket, stored: ScopeVerdict, *, actor: User | None, replan: bool = True) -> None:
    """`replan=False` for a new ticket: its SLA clocks are planned by the routing task."""
    ticket.scope_verdict = stored.verdict
    ticket.scope_topics = stored.topics
    ticket.scope_confidence = stored.confidence
    ticket.needs_review = stored.needs_review
    fields = ["scope_verdict", "scope_topics", "scope_confidence", "needs_review"]
    if stored.language and not ticket.language:
        ticket.language = stored.language
        fields.append("language")
    # The policy asks merchants to report possible bugs "as soon as possible": they start urgent.
    if "software_issue" in stored.topics and ticket.priority < Ticket.Priority.URGENT:
        record_event(ticket=ticket, actor=None, kind=TicketEvent.Kind.PRIORITY, old=ticket.priority,
                     new=Ticket.Priority.URGENT, reason="software issue")
        ticket.priority = Ticket.Priority.URGENT
        fields.append("priority")
    ticket.save(update_fields=fields)
    if replan and "priority" in fields:
        from tickets import hooks

        hooks.ticket_priority_changed(ticket)
    record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.VERDICT, verdict=stored.verdict,
                 topics=stored.topics, source=stored.source, needs_review=stored.needs_review)


def ticket_classify(*, ticket: Ticket) -> ScopeVerdict:
    """Classify a new ticket. Whatever goes wrong, the ticket stays saved and goes to review."""
    try:
        with transaction.atomic():
            result = run_classifier(ticket.subject, ticket.body)
            stored = ScopeVerdict.objects.create(
                ticket=ticket, verdict=result.verdict, topics=list(result.topics), confidence=float(result.confidence),
                needs_review=bool(result.needs_review), evidence=_evidence_rows(result), language=result.language,
                rules_version=result.rules_version, model_version=result.model_version)
    except Exception as exc:  # noqa: BLE001 - any failure means "an agent decides", never a lost ticket
        logger.exception("Classification of ticket %s failed", ticket.pk)
        stored = ScopeVerdict.objects.create(ticket=ticket, verdict=ScopeVerdict.Verdict.IN_SCOPE, topics=[],
                                             needs_review=True, source=ScopeVerdict.Source.FAILURE,
                                             reason=f"{type(exc).__name__}: {exc}"[:1000])
    _apply_to_ticket(ticket, stored, actor=None, replan=False)
    return stored


def message_classify(*, message: Message) -> ScopeVerdict | None:
    """A merchant's reply that asks something new widens the ticket's verdict; others change nothing."""
    ticket = message.ticket
    if message.author.merchant_id is None or message.is_internal:
        return None
    try:
        result = run_classifier("", message.body)
    except Exception:  # noqa: BLE001 - a failed check of a reply leaves the ticket's verdict as it was
        logger.exception("Classification of message %s failed", message.pk)
        return None
    asks_something = (result.confidence > 0.3 and not (result.needs_review and result.topics == ("functionality",))
                      and _may_ask(message.body))
    new_topics = [t for t in result.topics if t not in ticket.scope_topics]
    if not asks_something or not new_topics:
        return None
    topics = [*ticket.scope_topics, *new_topics]
    stored = ScopeVerdict.objects.create(
        ticket=ticket, message=message, verdict=verdict_for_topics(topics), topics=topics,
        confidence=float(min(result.confidence, ticket.scope_confidence or 1.0)),
        needs_review=bool(result.needs_review or ticket.needs_review), evidence=_evidence_rows(result),
        language=result.language, rules_version=result.rules_version, model_version=result.model_version)
    _apply_to_ticket(ticket, stored, actor=None)
    return stored


def _may_ask(body: str) -> bool:
    """A short reply without a question ("Version 5.2.", "Yes, PHP 8.2.") answers the agent: it asks nothing
    new, whatever the classifier reads into its few words."""
    return "?" in body or len(body.split()) >= REPLY_ASKS_FROM_WORDS


def _require_staff(actor: User) -> None:
    if not is_support_staff(actor):
        raise PermissionDenied("Only support staff can change a scope verdict.")


@transaction.atomic
def verdict_correct(*, actor: User, ticket: Ticket, topics: list[str], reason: str) -> ScopeVerdict:
    """An agent's correction: stored with who and why, and used as training data from now on."""
    _require_staff(actor)
    known = set(ScopeTopic.objects.filter(is_active=True).values_list("slug", flat=True))
    unknown = sorted(set(topics) - known)
    if not topics:
        raise ValidationError({"topics": "Choose at least one topic."})
    if unknown:
        raise ValidationError({"topics": f"Unknown topics: {', '.join(unknown)}."})
    if not reason.strip():
        raise ValidationError({"reason": "Say briefly why, so the correction can teach the classifier."})
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    ordered = sorted(set(topics), key=lambda slug: slug)
    stored = ScopeVerdict.objects.create(ticket=locked, verdict=verdict_for_topics(ordered), topics=ordered,
                                         confidence=1.0, needs_review=False, source=ScopeVerdict.Source.AGENT,
                                         actor=actor, reason=reason.strip()[:2000])
    _apply_to_ticket(locked, stored, actor=actor)
    return stored


@transaction.atomic
def verdict_confirm(*, actor: User, ticket: Ticket) -> ScopeVerdict:
    """An agent agrees with the current verdict: it stops needing review (and counts as a label)."""
    _require_staff(actor)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not locked.scope_topics:
        raise ValidationError({"topics": "There is no verdict to confirm; correct it instead."})
    stored = ScopeVerdict.objects.create(ticket=locked, verdict=locked.scope_verdict, topics=locked.scope_topics,
                                         confidence=1.0, needs_review=False, source=ScopeVerdict.Source.CONFIRMED,
                                         actor=actor)
    _apply_to_ticket(locked, stored, actor=actor)
    return stored


@transaction.atomic
def review_request(*, actor: User, ticket: Ticket, reason: str = "") -> bool:
    """A merchant disagrees with the verdict: an agent reviews it. Returns whether anything changed."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.needs_review:
        return False
    locked.needs_review = True
    queue = Queue.objects.filter(slug=SCOPE_REVIEW_QUEUE).first()
    if queue:
        locked.queue = queue
    locked.save(update_fields=["needs_review", "queue"])
    record_event(ticket=locked, actor=actor, kind=TicketEvent.Kind.REVIEW, reason=reason.strip()[:2000])
    return True


def quote_request(*, actor: User, ticket: Ticket, topic: str) -> Ticket:
    """Open a request for a quote for the paid service that covers a restricted topic."""
    from tickets.services import ticket_create

    scope_topic = ScopeTopic.objects.filter(slug=topic, is_active=True).exclude(quote_service="").first()
    if scope_topic is None or topic not in ticket.scope_topics:
        raise ValidationError({"topic": "There is no paid service to quote for this topic on this ticket."})
    service = scope_topic.get_quote_service_display()
    with transaction.atomic():
        quote = ticket_create(actor=actor, subject=f"Quote request: {service} ({ticket.reference})",
                              body=f"I would like a quote for {service.lower()} for this request:\n\n"
                                   f"**{ticket.subject}**\n\n{ticket.body}",
                              channel=ticket.channel, triage=False)
        queue = Queue.objects.filter(slug=PROFESSIONAL_SERVICES_QUEUE).first()
        Ticket.objects.filter(pk=quote.pk).update(queue=queue)
        record_event(ticket=ticket, actor=actor, kind=TicketEvent.Kind.QUOTE, quote=quote.reference, topic=topic)
    return quote
