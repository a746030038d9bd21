from django.apps import AppConfig


class ForumConfig(AppConfig):
    """The community forum for active merchants."""

    name = "forum"
