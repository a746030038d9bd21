from django.core.management.base import BaseCommand, CommandParser

from mailin.maildir import import_maildir


class Command(BaseCommand):
    help = "Store every mail in MAILDIR/new, queue its processing, and move it to MAILDIR/cur."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("maildir")

    def handle(self, *args: object, maildir: str, **options: object) -> None:
        self.stdout.write(f"{import_maildir(maildir)} new e-mails stored")
