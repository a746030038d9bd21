from django.core.management.base import BaseCommand

from core.demo import seed_demo


class Command(BaseCommand):
    help = "Load the demo merchants, users and tickets (does nothing if they exist). Demo only."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        self.stdout.write(seed_demo())
