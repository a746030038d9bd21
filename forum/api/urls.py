from django.urls import path  # noqa: F401 - the forum's API endpoints are added here

urlpatterns: list = []
