"""The supervisor's dashboard and its CSV downloads (supervisors and admins only)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accounts.roles import is_supervisor

from .report_data import REPORTS, dashboard, one_report
from .report_export import csv_response
from .report_forms import ReportFilterForm


def _require_supervisor(request: HttpRequest) -> None:
    # 404, not 403: agents and merchants get no hint that the page exists.
    if not is_supervisor(request.user):
        raise Http404("No such page")


@login_required
def reports_dashboard(request: HttpRequest) -> HttpResponse:
    _require_supervisor(request)
    form = ReportFilterForm(request.GET, user=request.user)
    valid = form.is_valid()
    charts = dashboard(request.user, form.filters()) if valid else []
    return render(request, "desk/reports.html", {"form": form, "reports": charts,
                                                 "query": request.GET.urlencode()}, status=200 if valid else 400)


@login_required
def reports_export(request: HttpRequest, slug: str) -> StreamingHttpResponse | HttpResponse:
    _require_supervisor(request)
    form = ReportFilterForm(request.GET, user=request.user)
    if slug not in REPORTS:
        raise Http404("No such report")
    if not form.is_valid():
        return render(request, "desk/reports.html", {"form": form, "reports": []}, status=400)
    filters = form.filters()
    report = one_report(request.user, filters, slug)
    return csv_response(report, filename=f"{slug}_{filters.start}_{filters.end}.csv")
