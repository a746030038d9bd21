"""The desk is for support staff; everyone else gets a 404 (no hint that it exists)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from accounts.roles import is_support_staff


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        if not is_support_staff(request.user):
            raise Http404("Not found")
        return view(request, *args, **kwargs)

    return wrapped
