from django.urls import path

from .views import moderating, posting, reading

app_name = "forum"

urlpatterns = [
    path("", reading.index, name="index"),
    path("guidelines/", reading.guidelines, name="guidelines"),
    path("search/", reading.search, name="search"),
    path("notifications/", reading.notifications, name="notifications"),
    path("preview/", posting.preview_fragment, name="preview"),
    path("c/<slug:slug>/", reading.category, name="category"),
    path("c/<slug:slug>/new/", posting.thread_new, name="thread-new"),
    path("c/<slug:slug>/follow/", posting.subscribe, name="category-follow"),
    path("t/<int:thread_id>/", reading.thread, name="thread"),
    path("t/<int:thread_id>/reply/", posting.reply, name="reply"),
    path("t/<int:thread_id>/follow/", posting.subscribe, name="thread-follow"),
    path("p/<int:post_id>/", reading.post, name="post"),
    path("p/<int:post_id>/flag/", posting.flag, name="flag"),
    path("p/<int:post_id>/helpful/", posting.helpful, name="helpful"),
    path("p/<int:post_id>/accept/", posting.accept, name="accept"),
    path("p/<int:post_id>/ticket/", posting.open_ticket, name="open-ticket"),
    path("mod/", moderating.queue, name="mod-queue"),
    path("mod/log/", moderating.log, name="mod-log"),
    path("mod/p/<int:post_id>/", moderating.post_action, name="mod-post"),
    path("mod/p/<int:post_id>/edit/", moderating.post_edit, name="mod-edit"),
    path("mod/t/<int:thread_id>/", moderating.thread_action, name="mod-thread"),
    path("mod/u/<int:user_id>/", moderating.user_sanctions, name="mod-user"),
]
