from typing import Any

from django import template

from ..access import is_moderator as _is_moderator

register = template.Library()


@register.filter
def is_moderator(user: Any) -> bool:
    return _is_moderator(user)
