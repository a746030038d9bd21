from django.http import HttpRequest

from .roles import is_supervisor, is_support_staff


def roles(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    return {
        "is_support_staff": is_support_staff(user),
        "is_supervisor": is_supervisor(user),
        "is_merchant_user": bool(getattr(user, "merchant_id", None)),
    }
