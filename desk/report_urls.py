from django.urls import path
from django.views.generic import RedirectView

# Replaced by the supervisor's dashboard views.
urlpatterns = [path("", RedirectView.as_view(pattern_name="tickets:list"), name="reports")]
