import sys

from django.core.management.base import BaseCommand

from mailin.models import InboundMessage
from mailin.services import inbound_store

EX_DATAERR = 65  # sysexits.h: bad input, the MTA bounces it
EX_TEMPFAIL = 75  # sysexits.h: the MTA keeps the mail and tries again


class Command(BaseCommand):
    help = "MTA pipe: read one e-mail on stdin, store it and queue its processing."

    def handle(self, *args: object, **options: object) -> None:
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("No e-mail on stdin.")
            sys.exit(EX_DATAERR)
        try:
            stored = inbound_store(raw=raw, source=InboundMessage.Source.PIPE)
        except Exception as exc:  # noqa: BLE001 - any failure to store: tell the MTA to retry later
            self.stderr.write(f"Could not store the e-mail: {exc}")
            sys.exit(EX_TEMPFAIL)
        stored.inbound.refresh_from_db()  # processed already when tasks run in-process
        self.stdout.write(f"{stored.inbound.pk} {stored.inbound.get_status_display()}")
