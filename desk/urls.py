"""The agents' desk: the triage queue (`desk.queue_urls`), the agent's ticket page
(`desk.ticket_urls`) and the supervisor's reports (`desk.report_urls`)."""

from django.urls import include, path

from . import phone

app_name = "desk"

urlpatterns = [
    path("", include("desk.queue_urls")),
    path("tickets/", include("desk.ticket_urls")),
    path("reports/", include("desk.report_urls")),
    path("merchants/", phone.merchant_search, name="merchant_search"),  # JSON for the log-a-call page
]
