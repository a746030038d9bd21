from rest_framework import serializers

from ..models import Category, Flag, Post, PostRevision, Thread


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description", "is_active"]


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    is_staff = serializers.SerializerMethodField()

    def get_is_staff(self, user) -> bool:  # noqa: ANN001
        return not user.merchant_id


class ThreadSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = AuthorSerializer(read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "category",
            "title",
            "author",
            "created_at",
            "last_post_at",
            "reply_count",
            "is_locked",
            "is_pinned",
            "accepted_post",
            "ticket",
        ]


class PostSerializer(serializers.ModelSerializer):
    author = AuthorSerializer(read_only=True)
    is_accepted = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "position",
            "author",
            "body",
            "body_html",
            "status",
            "created_at",
            "edited_by_moderator",
            "helpful_count",
            "is_accepted",
            "looks_like_bug_report",
            "ticket",
        ]

    def get_is_accepted(self, post: Post) -> bool:
        return post.thread.accepted_post_id == post.pk


class RevisionSerializer(serializers.ModelSerializer):
    editor = serializers.CharField(source="editor.get_username", default="")

    class Meta:
        model = PostRevision
        fields = ["id", "editor", "old_body", "new_body", "reason", "by_moderator", "created_at"]


class ThreadCreateSerializer(serializers.Serializer):
    category = serializers.SlugField()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()


class PostCreateSerializer(serializers.Serializer):
    body = serializers.CharField()


class PostAmendSerializer(serializers.Serializer):
    body = serializers.CharField()
    reason = serializers.CharField(max_length=300)


class PostRemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class FlagCreateSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ThreadDetailSerializer(ThreadSerializer):
    first_post = serializers.SerializerMethodField()

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "first_post"]

    def get_first_post(self, thread: Thread) -> dict | None:
        post = self.context.get("first_post")
        return PostSerializer(post).data if post is not None else None
