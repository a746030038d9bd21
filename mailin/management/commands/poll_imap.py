from django.core.management.base import BaseCommand, CommandError

from mailin import imap


class Command(BaseCommand):
    help = "Store the unseen mail of the IMAP mailbox in IMAP_URL once (Celery beat does this every minute)."

    def handle(self, *args: object, **options: object) -> None:
        config = imap.configured()
        if config is None:
            raise CommandError("IMAP_URL is not set, e.g. IMAP_URL=imaps://user:password@host/INBOX")
        self.stdout.write(f"{imap.poll(config)} new e-mails stored")
