from django.core.management.base import BaseCommand

from policy import training
from policy.models import ScopeModelVersion


class Command(BaseCommand):
    help = ("Retrain the scope model on the labelled tickets plus agents' corrections; "
            "activate it if it scores at least as well.")

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--background", action="store_true", help="Queue it for a Celery worker instead.")

    def handle(self, *args, background: bool, **options) -> None:  # noqa: ANN002, ANN003
        if background:
            version = training.training_start(actor=None)
            self.stdout.write(f"Queued {version.version}; follow it in the admin (Scope model versions).")
            return
        version = ScopeModelVersion.objects.create(version=ScopeModelVersion.new_version_name())
        result = training.train_version(version.pk, progress=lambda pct, msg: self.stdout.write(f"{pct:3d}% {msg}"))
        self.stdout.write(f"{result.version}: {result.get_status_display()}")
        self.stdout.write(f"held back: {result.metrics}\nactive model on the same: {result.compared_with}")
