"""Real-world .eml fixtures (eml/) and a way to deliver them the way the MTA pipe does."""

from pathlib import Path

from tickets.models import Ticket

EML = Path(__file__).parent / "eml"


def eml(name: str, *, ticket: Ticket | None = None, **replace: str) -> bytes:
    """The fixture's bytes; "000000" (the ticket number in references) becomes `ticket`'s."""
    raw = (EML / name).read_bytes()
    if ticket is not None:
        raw = raw.replace(b"000000", f"{ticket.pk:06d}".encode())
    for old, new in replace.items():
        raw = raw.replace(old.encode(), new.encode())
    return raw


def compose(*, sender: str = "alice@example.com", to: str = "support@ixxo.example", subject: str = "Help",
            body: str = "Please help.", message_id: str | None = "<compose-1@example.com>",
            headers: str = "") -> bytes:
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", "Date: Fri, 27 Nov 2026 10:00:00 +0100"]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    lines += [h for h in headers.splitlines() if h.strip()]
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode()


def deliver(raw: bytes, *, source: str = "pipe"):  # noqa: ANN201
    """Store and process at once (the outbox would run the task after commit; tests roll back)."""
    from mailin.models import InboundMessage
    from mailin.services import inbound_process, inbound_store

    stored = inbound_store(raw=raw, source=source)
    if stored.new:
        inbound_process(inbound_id=stored.inbound.pk)
    return InboundMessage.objects.get(pk=stored.inbound.pk)
