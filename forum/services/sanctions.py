"""Limit a user: silence, suspend or ban. By default the user is not told (the policy's "without
notification"); every sanction and lift is in the moderation log with the staff note."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..access import is_staff_member, require_moderator
from ..emails import build_forum_email
from ..models import Sanction
from .log import log_action


def user_sanction(
    *,
    actor: Any,
    user: Any,
    kind: str,
    duration: timedelta | None = None,
    staff_note: str = "",
    notify_user: bool = False,
) -> Sanction:
    require_moderator(actor)
    if kind not in Sanction.Kind.values:
        raise ValidationError({"kind": f"Choose one of: {', '.join(Sanction.Kind.values)}."})
    if is_staff_member(user):
        raise PermissionDenied("Staff cannot be sanctioned in the forum.")
    if kind == Sanction.Kind.BAN:
        duration = None
    now = timezone.now()
    with transaction.atomic():
        sanction = Sanction.objects.create(
            user=user,
            kind=kind,
            starts_at=now,
            ends_at=now + duration if duration else None,
            staff_note=staff_note,
            notify_user=notify_user,
            created_by=actor,
        )
        log_action(
            actor=actor,
            action=f"user_{kind}",
            target_user=user,
            reason=staff_note,
            until=sanction.ends_at.isoformat() if sanction.ends_at else None,
            notified=notify_user,
        )
        if notify_user and user.email:
            message = build_forum_email("forum-sanction", to=[user.email], context={"sanction": sanction, "user": user})
            transaction.on_commit(message.send)
    return sanction


def sanction_lift(*, actor: Any, sanction: Sanction, staff_note: str = "") -> bool:
    require_moderator(actor)
    changed = Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(lifted_at=timezone.now())
    if changed:
        log_action(
            actor=actor,
            action="sanction_lift",
            target_user=sanction.user,
            reason=staff_note,
            sanction=sanction.pk,
            kind=sanction.kind,
        )
    return bool(changed)
