"""Who may read, post and moderate. Every view and API view asks here before it acts."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.roles import has_role, is_supervisor
from core.errors import DomainError

MODERATOR_GROUP = "moderator"


class PostingRefused(DomainError):
    status_code = 403
    code = "posting_refused"


def is_moderator(user: Any) -> bool:
    """Supervisors, admins and members of the `moderator` group (never a merchant's user)."""
    return is_supervisor(user) or has_role(user, MODERATOR_GROUP)


def is_staff_member(user: Any) -> bool:
    return bool(
        user.is_authenticated and not getattr(user, "merchant_id", None) and (user.is_staff or user.groups.exists())
    )


def active_sanction(user: Any) -> Any:
    from .models import Sanction

    now = timezone.now()
    return (
        Sanction.objects.filter(user=user, lifted_at__isnull=True, starts_at__lte=now)
        .exclude(ends_at__lte=now)
        .order_by("-starts_at")
        .first()
    )


def can_read(user: Any) -> bool:
    """Every signed-in merchant user and staff, except the suspended and banned."""
    if not user.is_authenticated:
        return False
    if not (getattr(user, "merchant_id", None) or is_staff_member(user)):
        return False
    sanction = active_sanction(user)
    return sanction is None or sanction.kind == "silence"


def posting_refusal(user: Any) -> str:
    """Why this user may not post now ('' when they may)."""
    if not can_read(user):
        return "You do not have access to the forum."
    if getattr(user, "merchant_id", None) and not user.merchant.has_active_licence:
        return (
            "Posting in the forum needs an active IXXO licence. Your licence is "
            f"{user.merchant.get_licence_status_display().lower()}; you can still read the forum."
        )
    sanction = active_sanction(user)
    if sanction is not None:
        until = f" until {timezone.localtime(sanction.ends_at):%d %b %Y, %H:%M}" if sanction.ends_at else ""
        return f"You cannot post in the forum{until}."
    return ""


def require_reader(user: Any) -> None:
    if not can_read(user):
        raise PermissionDenied("You do not have access to the forum.")


def require_poster(user: Any) -> None:
    reason = posting_refusal(user)
    if reason:
        raise PostingRefused(reason)


def require_moderator(user: Any) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do this.")
