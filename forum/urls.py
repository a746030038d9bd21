from django.urls import path  # noqa: F401 - the forum's pages are added here

app_name = "forum"

urlpatterns: list = []
