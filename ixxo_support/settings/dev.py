"""Local development: the default when DJANGO_SETTINGS_MODULE is not set."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
