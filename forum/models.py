"""The community forum: categories, threads, posts, and the moderation that keeps it to the guidelines."""

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Category(models.Model):
    """Admin-managed. Inactive categories disappear from the forum but keep their threads."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="forum_threads")
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)
    # The highest post position ever given out: pages are position ranges, so page N of a long
    # thread is an index range scan, not an OFFSET.
    last_position = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    # A thread is visible when its first post is; removal of the first post removes the thread.
    is_visible = models.BooleanField(default=False)
    accepted_post = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_threads"
    )

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["category", "-is_pinned", "-last_post_at"], name="forum_thread_listing")]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        HELD = "held", "Held for moderation"
        HIDDEN = "hidden", "Hidden until a moderator decides"
        REMOVED = "removed", "Removed"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="forum_posts")
    position = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PUBLISHED)
    status_before_removal = models.CharField(max_length=12, choices=Status.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by_moderator = models.BooleanField(default=False)
    # What the automatic checks said when the post was written.
    labels = models.JSONField(default=list, blank=True)
    check_reasons = models.JSONField(default=list, blank=True)
    spam_score = models.FloatField(default=0.0)
    abuse_score = models.FloatField(default=0.0)
    looks_like_bug_report = models.BooleanField(default=False)
    helpful_count = models.PositiveIntegerField(default=0)
    flag_weight = models.FloatField(default=0.0)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    removal_reason = models.TextField(blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )

    class Meta:
        ordering = ["thread", "position"]
        constraints = [models.UniqueConstraint(fields=["thread", "position"], name="forum_post_position_unique")]
        indexes = [
            models.Index(fields=["status", "created_at"], name="forum_post_status"),
            models.Index(fields=["author", "created_at"], name="forum_post_author"),
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    @property
    def is_first(self) -> bool:
        return self.position == 1


class PostRevision(models.Model):
    """Every edit keeps the old and new text, who, when and why. Only moderators read these."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    old_body = models.TextField()
    new_body = models.TextField()
    reason = models.CharField(max_length=300, blank=True)
    by_moderator = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} by {self.editor_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", "Off-topic"
        ABUSE = "abuse", "Harassment or abuse"
        SPAM = "spam", "Spam / advertising"
        OTHER = "other", "Other"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagger = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    weight = models.FloatField(default=1.0)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "flagger"], name="forum_flag_once_per_user")]

    def __str__(self) -> str:
        return f"{self.reason} flag on post {self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Helpful"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.HELPFUL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user", "kind"], name="forum_reaction_once")]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class Subscription(models.Model):
    class Channel(models.TextChoices):
        IN_APP = "in_app", "In the forum"
        EMAIL = "email", "By e-mail"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_subscriptions")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.IN_APP)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(thread__isnull=True) ^ models.Q(category__isnull=True),
                name="forum_subscription_one_target",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="forum_subscription_thread_once"),
            models.UniqueConstraint(fields=["user", "category"], name="forum_subscription_category_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id or self.category_id}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "New post in a thread you follow"
        THREAD = "thread", "New thread in a category you follow"
        MENTION = "mention", "You were mentioned"
        QUOTE = "quote", "Your post was quoted"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_notifications")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    emailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # One notice per user and post: the task is safe to run twice.
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="forum_notification_once")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id} on post {self.post_id}"


class WatchedWord(models.Model):
    """An admin-edited word, phrase or domain, each with what to do when a post contains it."""

    class Kind(models.TextChoices):
        WORD = "word", "Word or phrase"
        DOMAIN = "domain", "Link domain"

    class Action(models.TextChoices):
        BLOCK = "block", "Block the post"
        HOLD = "hold", "Hold for moderation"
        FLAG = "flag", "Publish and flag for a moderator"

    class Label(models.TextChoices):
        SPAM = "spam", "Spam / advertising"
        ABUSE = "abuse", "Harassment or abuse"

    pattern = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.WORD)
    action = models.CharField(max_length=8, choices=Action.choices, default=Action.HOLD)
    label = models.CharField(max_length=8, choices=Label.choices, default=Label.SPAM)
    note = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pattern"]

    def __str__(self) -> str:
        return self.pattern


class Sanction(models.Model):
    """A limit on a user: silenced (reads, cannot post), suspended (no forum) or banned (for good)."""

    class Kind(models.TextChoices):
        SILENCE = "silence", "Silence (can read, cannot post)"
        SUSPEND = "suspend", "Suspend (no forum access)"
        BAN = "ban", "Ban"

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_sanctions")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until lifted.")
    staff_note = models.TextField(blank=True)
    notify_user = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.user_id}"


class ModerationLog(models.Model):
    """One row per moderation action, automatic or by a person. Never edited."""

    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id or 'automatic'}"
