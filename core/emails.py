"""Every e-mail is a triplet of templates: emails/<name>-subject.txt, -body.txt and -body.html."""

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string


def build_email(name: str, *, to: Sequence[str], context: Mapping[str, Any], reply_to: Sequence[str] = (),
                headers: Mapping[str, str] | None = None) -> EmailMultiAlternatives:
    context = {"site_url": settings.SUPPORT_SITE_URL.rstrip("/"), **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
    text = render_to_string(f"emails/{name}-body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                                     to=list(to), reply_to=list(reply_to), headers=dict(headers or {}))
    with contextlib.suppress(TemplateDoesNotExist):  # a text-only e-mail is fine
        message.attach_alternative(render_to_string(f"emails/{name}-body.html", context), "text/html")
    return message
