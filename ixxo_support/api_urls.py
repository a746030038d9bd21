from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api.views import MeView, TokenView
from tickets.api.views import TicketViewSet

router = DefaultRouter()
router.register("tickets", TicketViewSet, basename="ticket")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
