from django.urls import path
from django.views.generic import RedirectView

# Replaced by the agent's ticket page.
urlpatterns = [path("<int:ticket_id>/", RedirectView.as_view(pattern_name="tickets:detail"), name="ticket")]
