"""Forum e-mails: a subject/text/html triplet under templates/forum/emails/, like core.emails."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def build_forum_email(name: str, *, to: Sequence[str], context: Mapping[str, Any]) -> EmailMultiAlternatives:
    context = {"site_url": settings.SUPPORT_SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"forum/emails/{name}-subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"forum/emails/{name}-body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string(f"forum/emails/{name}-body.html", context), "text/html")
    return message
