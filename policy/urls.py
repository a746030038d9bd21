from django.urls import path

from . import views

app_name = "policy"

urlpatterns = [
    path("<int:ticket_id>/review/", views.review, name="review"),
    path("<int:ticket_id>/quote/", views.quote, name="quote"),
    path("<int:ticket_id>/correct/", views.correct, name="correct"),
    path("<int:ticket_id>/confirm/", views.confirm, name="confirm"),
]
