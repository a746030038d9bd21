"""Which ticket a mail answers: the plus-address, the subject reference, then In-Reply-To/References.

Outgoing notifications (tickets.notifications) carry Reply-To support+ixxo-000123@... and
"[IXXO-000123]" in the subject; mail clients keep both. Their Message-ID is Django's random one
and is not stored, so In-Reply-To/References are matched against the Message-IDs of mail we
received (a colleague answering the merchant's first mail in CC threads in) and against ids in
the form `outgoing_message_id()` makes, which encodes the ticket: an outgoing mail that sets
`Message-ID: outgoing_message_id(ticket)` threads by In-Reply-To with nothing stored.
"""

import re
import secrets

from django.conf import settings
from django.core.mail import DNS_NAME

from tickets.models import Message, Ticket

from .models import InboundMessage
from .parsing import ParsedMail

PLUS_RE = re.compile(r"^[^@\s]+\+ixxo-(\d{1,12})@", re.IGNORECASE)
SUBJECT_RE = re.compile(r"\[\s*IXXO-(\d{1,12})\s*\]", re.IGNORECASE)
OUTGOING_RE = re.compile(r"^<ixxo-(\d{1,12})\.[\w.-]+@", re.IGNORECASE)


def outgoing_message_id(ticket: Ticket) -> str:
    """A Message-ID for mail we send about a ticket; replies to it thread back by In-Reply-To."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">").strip() or str(DNS_NAME)
    return f"<{ticket.reference.lower()}.{secrets.token_hex(8)}@{domain}>"


def referenced_ticket_ids(mail: ParsedMail) -> list[int]:
    """Candidate ticket ids from the addresses, the subject and the encoded Message-IDs, best first."""
    found: list[int] = []
    for address in mail.recipients:
        if match := PLUS_RE.match(address):
            found.append(int(match.group(1)))
    found += [int(number) for number in SUBJECT_RE.findall(mail.subject)]
    for msgid in mail.thread_ids:
        if match := OUTGOING_RE.match(msgid):
            found.append(int(match.group(1)))
    return list(dict.fromkeys(found))


def tickets_for(mail: ParsedMail) -> list[Ticket]:
    ids = referenced_ticket_ids(mail)
    by_id = Ticket.objects.select_related("merchant").in_bulk(ids)
    tickets = [by_id[pk] for pk in ids if pk in by_id]
    if mail.thread_ids:
        known = list(Message.objects.filter(email_message_id__in=mail.thread_ids).values_list("ticket_id", flat=True))
        known += InboundMessage.objects.filter(message_id__in=mail.thread_ids, ticket__isnull=False).exclude(
            status=InboundMessage.Status.DROPPED_DUPLICATE).values_list("ticket_id", flat=True)
        tickets += [t for t in Ticket.objects.select_related("merchant").filter(pk__in=known) if t not in tickets]
    return tickets
