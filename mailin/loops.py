"""Mail that must never become a ticket nor get an answer: bounces, auto-replies, lists, our own mail.

Pure: takes a ParsedMail and our own addresses, returns why to drop it (or None). Answering any
of these could start a mail loop (RFC 3834).
"""

import re
from dataclasses import dataclass

from .parsing import ParsedMail

BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.IGNORECASE)
VACATION_SUBJECT = re.compile(
    r"^\s*(auto(matic|matische)?[ -]?(reply|antwort|response)|out of (the )?office|abwesenheit(snotiz)?|"
    r"réponse automatique|respuesta automática|risposta automatica|afwezig)\b",
    re.IGNORECASE,
)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
AUTO_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply", "x-mail-autoreply")


@dataclass(frozen=True)
class Drop:
    status: str  # an InboundMessage.Status value
    reason: str


def own_address(address: str, own: tuple[str, ...]) -> bool:
    """Our support address, also with a +tag (support+ixxo-000123@...)."""
    local, _, domain = address.lower().partition("@")
    plain = f"{local.split('+', 1)[0]}@{domain}"
    return address.lower() in own or plain in own


def why_drop(mail: ParsedMail, *, own: tuple[str, ...]) -> Drop | None:
    return_path = mail.header("return-path")
    if mail.content_type == "multipart/report" or BOUNCE_SENDERS.match(mail.from_address) \
            or return_path.strip() == "<>" or not mail.from_address:
        return Drop("dropped_bounce", f"bounce or delivery report from {mail.from_address or 'an empty sender'}")
    if own_address(mail.from_address, own) or mail.header("x-ixxo-ticket") or mail.header("x-ixxo-mailin"):
        return Drop("dropped_loop", "our own outgoing mail came back")
    if mail.header("x-loop") and any(own_address(a, own) for a in re.findall(r"[\w.+-]+@[\w.-]+",
                                                                               mail.header("x-loop"))):
        return Drop("dropped_loop", f"X-Loop: {mail.header('x-loop')}")
    auto_submitted = mail.header("auto-submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return Drop("dropped_auto_reply", f"Auto-Submitted: {auto_submitted}")
    for name in AUTO_HEADERS:
        if mail.header(name):
            return Drop("dropped_auto_reply", f"{name}: {mail.header(name)}")
    if mail.header("x-auto-response-suppress") and VACATION_SUBJECT.match(mail.subject):
        return Drop("dropped_auto_reply", "an Outlook automatic reply")
    precedence = mail.header("precedence").lower()
    if precedence in BULK_PRECEDENCE:
        return Drop("dropped_loop", f"Precedence: {precedence}")
    if mail.header("list-id") or mail.header("list-unsubscribe"):
        return Drop("dropped_loop", f"mailing list {mail.header('list-id') or mail.header('list-unsubscribe')}")
    if VACATION_SUBJECT.match(mail.subject):
        return Drop("dropped_auto_reply", f"vacation subject {mail.subject!r}")
    return None
