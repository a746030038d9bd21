from django.urls import path

from . import phone, ticket_views

urlpatterns = [
    path("new/", phone.ticket_log, name="ticket_new"),
    path("<int:ticket_id>/", ticket_views.ticket_page, name="ticket"),
    path("<int:ticket_id>/respond/", ticket_views.ticket_respond_view, name="ticket_respond"),
    path("<int:ticket_id>/assign-to-me/", ticket_views.assign_to_me, name="ticket_assign_me"),
    path("<int:ticket_id>/presence/", ticket_views.presence_view, name="ticket_presence"),
]
