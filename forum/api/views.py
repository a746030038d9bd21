"""The forum API: the same selectors and services as the pages, so the same rules (posting limits,
sanctions, hidden content). Another user's hidden post is a 404, never a 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent

from .. import selectors
from ..access import can_read, is_moderator
from ..services import flags, moderation, posting
from . import serializers as s


class ForumReader(BasePermission):
    message = "You do not have access to the forum."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_read(request.user)


class PositionPagination(CursorPagination):
    ordering = "position"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class ReaderView(generics.GenericAPIView):
    permission_classes = [ForumReader]


class CategoryList(ReaderView, generics.ListAPIView):
    serializer_class = s.CategorySerializer
    pagination_class = None

    def get_queryset(self):  # noqa: ANN201
        return selectors.categories_visible_to(self.request.user)


class ThreadList(ReaderView):
    serializer_class = s.ThreadSerializer

    def get_queryset(self):  # noqa: ANN201
        threads = selectors.threads_visible_to(self.request.user)
        category = self.request.query_params.get("category")
        return threads.filter(category__slug=category) if category else threads

    @extend_schema(operation_id="v1_forum_threads_list",
                   parameters=[OpenApiParameter("category", str, description="A category's slug")])
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ThreadSerializer(page, many=True).data)

    @extend_schema(request=s.ThreadCreateSerializer, responses={201: s.ThreadDetailSerializer})
    @idempotent
    def post(self, request: Request) -> Response:
        data = s.ThreadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        category = get_object_or_404(
            selectors.categories_visible_to(request.user), slug=data.validated_data["category"]
        )
        thread = posting.thread_create(
            actor=request.user, category=category, title=data.validated_data["title"], body=data.validated_data["body"]
        )
        first = thread.posts.get(position=1)
        return Response(
            s.ThreadDetailSerializer(thread, context={"first_post": first}).data, status=status.HTTP_201_CREATED
        )


class ThreadDetail(ReaderView):
    serializer_class = s.ThreadDetailSerializer

    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get(user=request.user, thread_id=thread_id)
        first = selectors.posts_visible_to(request.user).filter(thread=thread, position=1).first()
        return Response(s.ThreadDetailSerializer(thread, context={"first_post": first}).data)


class ThreadPosts(ReaderView):
    serializer_class = s.PostSerializer
    pagination_class = PositionPagination

    def get(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get(user=request.user, thread_id=thread_id)
        page = self.paginate_queryset(selectors.posts_visible_to(request.user).filter(thread=thread))
        return self.get_paginated_response(s.PostSerializer(page, many=True).data)

    @extend_schema(request=s.PostCreateSerializer, responses={201: s.PostSerializer})
    @idempotent
    def post(self, request: Request, thread_id: int) -> Response:
        thread = selectors.thread_get(user=request.user, thread_id=thread_id)
        data = s.PostCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        post = posting.post_reply(actor=request.user, thread=thread, body=data.validated_data["body"])
        return Response(s.PostSerializer(post).data, status=status.HTTP_201_CREATED)


class PostDetail(ReaderView):
    serializer_class = s.PostSerializer

    def _post(self, request: Request, post_id: int):  # noqa: ANN202
        return selectors.post_get(user=request.user, post_id=post_id)

    def get(self, request: Request, post_id: int) -> Response:
        return Response(s.PostSerializer(self._post(request, post_id)).data)

    @extend_schema(request=s.PostAmendSerializer, responses=s.PostSerializer)
    def patch(self, request: Request, post_id: int) -> Response:
        post = self._post(request, post_id)
        data = s.PostAmendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moderation.post_amend(actor=request.user, post=post, **data.validated_data)
        post.refresh_from_db()
        return Response(s.PostSerializer(post).data)

    @extend_schema(request=s.PostRemoveSerializer, responses={204: None})
    def delete(self, request: Request, post_id: int) -> Response:
        post = self._post(request, post_id)
        data = s.PostRemoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moderation.post_remove(actor=request.user, post=post, reason=data.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostFlags(ReaderView):
    serializer_class = s.FlagCreateSerializer

    @extend_schema(request=s.FlagCreateSerializer, responses={201: None})
    def post(self, request: Request, post_id: int) -> Response:
        post = selectors.post_get(user=request.user, post_id=post_id)
        data = s.FlagCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        flags.post_flag(actor=request.user, post=post, **data.validated_data)
        return Response({"flagged": True}, status=status.HTTP_201_CREATED)


class PostRevisions(ReaderView):
    serializer_class = s.RevisionSerializer
    pagination_class = None

    def get(self, request: Request, post_id: int) -> Response:
        if not is_moderator(request.user):
            raise Http404  # revisions do not exist for non-moderators
        post = selectors.post_get(user=request.user, post_id=post_id)
        return Response(s.RevisionSerializer(selectors.revisions_visible_to(request.user, post), many=True).data)


class Search(ReaderView):
    serializer_class = s.PostSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str, description="Words to find")])
    def get(self, request: Request) -> Response:
        posts = selectors.search(user=request.user, query=request.query_params.get("q", "")[:200])[:50]
        return Response({"results": s.PostSerializer(posts, many=True).data})
