from django.urls import path

from . import report_views

urlpatterns = [
    path("", report_views.reports_dashboard, name="reports"),
    path("<slug:slug>.csv", report_views.reports_export, name="reports-export"),
]
