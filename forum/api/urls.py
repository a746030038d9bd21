from django.urls import path

from . import views

urlpatterns = [
    path("categories/", views.CategoryList.as_view(), name="api-forum-categories"),
    path("threads/", views.ThreadList.as_view(), name="api-forum-threads"),
    path("threads/<int:thread_id>/", views.ThreadDetail.as_view(), name="api-forum-thread"),
    path("threads/<int:thread_id>/posts/", views.ThreadPosts.as_view(), name="api-forum-thread-posts"),
    path("posts/<int:post_id>/", views.PostDetail.as_view(), name="api-forum-post"),
    path("posts/<int:post_id>/flags/", views.PostFlags.as_view(), name="api-forum-post-flags"),
    path("posts/<int:post_id>/revisions/", views.PostRevisions.as_view(), name="api-forum-post-revisions"),
    path("search/", views.Search.as_view(), name="api-forum-search"),
]
