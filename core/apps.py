from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces every app uses: errors, Markdown rendering, API idempotency."""

    name = "core"
