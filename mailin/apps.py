from django.apps import AppConfig


class MailinConfig(AppConfig):
    """Inbound e-mail: stored raw, deduplicated by Message-ID, turned into tickets and replies."""

    name = "mailin"
    verbose_name = "Inbound e-mail"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
