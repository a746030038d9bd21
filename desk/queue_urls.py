from django.urls import path
from django.views.generic import RedirectView

# Replaced by the triage queue views.
urlpatterns = [path("", RedirectView.as_view(pattern_name="tickets:list"), name="queue")]
