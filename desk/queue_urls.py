from django.urls import path

from . import queue_views as views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("claim-next/", views.claim_next, name="claim_next"),
    path("claim/<int:ticket_id>/", views.claim, name="claim"),
    path("bulk/", views.bulk, name="bulk"),
    path("views/", views.saved_view_create, name="saved_view_create"),
    path("views/<int:view_id>/delete/", views.saved_view_delete, name="saved_view_delete"),
]
