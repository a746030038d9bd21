from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from tickets.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("tickets/", include("tickets.urls")),
    path("tickets/scope/", include("policy.urls")),
    path("forum/", include("forum.urls")),
    path("desk/", include("desk.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ixxo_support.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
