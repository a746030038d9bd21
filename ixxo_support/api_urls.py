from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, TokenView
from policy.api import ReviewRequestView, TicketVerdictsView
from tickets.api.views import TicketViewSet

router = DefaultRouter()
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("tickets/<int:ticket_id>/verdicts/", TicketVerdictsView.as_view(), name="api-ticket-verdicts"),
    path("tickets/<int:ticket_id>/review-request/", ReviewRequestView.as_view(), name="api-ticket-review"),
    path("forum/", include("forum.api.urls")),
    path("", include(router.urls)),
]
