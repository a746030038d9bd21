from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "routing"
    verbose_name = "Routing, SLAs and escalation"

    def ready(self) -> None:
        from . import cache, checks  # noqa: F401 - registers the system checks

        cache.connect_signals()
