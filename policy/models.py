"""The support policy's scope as data (topics, rules, partners) and the verdicts given with it."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class ScopeTopic(models.Model):
    """A topic of the taxonomy. Slugs are the contract: admins add topics but never rename one."""

    class Kind(models.TextChoices):
        IN_SCOPE = "in_scope", "In scope"
        RESTRICTED = "restricted", "Restricted"

    class QuoteService(models.TextChoices):
        NONE = "", "None"
        FRONTEND = "frontend_development", "Frontend development"
        CONSULTING = "consulting", "Professional consulting"

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    clause = models.TextField(help_text="The policy's own words this topic rests on, quoted to merchants.")
    explanation = models.TextField(blank=True, help_text="What a merchant reads when this topic is restricted.")
    offer = models.TextField(blank=True, help_text="What we offer instead (the provider, a paid service, the blog).")
    quote_service = models.CharField(max_length=24, choices=QuoteService.choices, blank=True,
                                     help_text="Show a 'Request a quote' button for this paid service.")
    show_blog_link = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["kind", "slug"]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_restricted(self) -> bool:
        return self.kind == self.Kind.RESTRICTED


class ScopeRule(models.Model):
    """A phrase, keyword or regular expression that is evidence for a topic."""

    class Kind(models.TextChoices):
        PHRASE = "phrase", "Phrase"
        KEYWORD = "keyword", "Keyword"
        REGEX = "regex", "Regular expression"

    class Language(models.TextChoices):
        ANY = "any", "Any language"
        EN = "en", "English"
        DE = "de", "German"
        FR = "fr", "French"
        ES = "es", "Spanish"
        IT = "it", "Italian"
        NL = "nl", "Dutch"

    topic = models.ForeignKey(ScopeTopic, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PHRASE)
    pattern = models.CharField(max_length=2000)
    language = models.CharField(max_length=3, choices=Language.choices, default=Language.ANY)
    weight = models.FloatField(default=1.0, help_text="-5 to 5; negative weights speak against the topic.")
    enabled = models.BooleanField(default=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["topic__slug", "kind", "pattern"]

    def __str__(self) -> str:
        return f"{self.topic_id and self.topic.slug}: {self.pattern}"


class PartnerIntegration(models.Model):
    """A third party IXXO integrates with: connecting to it is in scope, other software is not."""

    name = models.CharField(max_length=100, unique=True)
    aliases = models.CharField(max_length=500, blank=True, help_text="Other names, comma-separated.")
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> tuple[str, ...]:
        return tuple(a.strip() for a in self.aliases.split(",") if a.strip())


class ScopeModelVersion(models.Model):
    """A trained model, kept with its scores. Only an active, ready version classifies."""

    class Status(models.TextChoices):
        TRAINING = "training", "Training"
        READY = "ready", "Ready"
        REJECTED = "rejected", "Rejected (scored worse than the active model)"
        FAILED = "failed", "Failed"

    version = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.TRAINING)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while training.")
    message = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    examples = models.PositiveIntegerField(default=0, help_text="Labelled examples it was trained on.")
    corrections = models.PositiveIntegerField(default=0, help_text="Of which agents' corrections.")
    metrics = models.JSONField(default=dict, blank=True, help_text="Its scores on the held-back tickets.")
    compared_with = models.JSONField(default=dict, blank=True, help_text="The active model's scores on the same.")
    blob = models.BinaryField(editable=False, null=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=models.Q(is_active=True),
                                               name="one_active_scope_model")]

    def __str__(self) -> str:
        return self.version

    @staticmethod
    def new_version_name() -> str:
        return f"model-{timezone.now():%Y%m%d-%H%M%S-%f}"


class ScopeVerdict(models.Model):
    """Every verdict a ticket was given, newest last: by the classifier, an agent, or a failure."""

    class Verdict(models.TextChoices):
        IN_SCOPE = "in_scope", "In scope"
        RESTRICTED = "restricted", "Restricted"
        MIXED = "mixed", "Mixed"

    class Source(models.TextChoices):
        CLASSIFIER = "classifier", "Classifier"
        AGENT = "agent", "Agent correction"
        CONFIRMED = "confirmed", "Agent confirmation"
        FAILURE = "failure", "Classification failed"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="verdicts")
    message = models.ForeignKey("tickets.Message", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="verdicts")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    topics = models.JSONField(default=list)
    confidence = models.FloatField(default=0.0)
    needs_review = models.BooleanField(default=False)
    evidence = models.JSONField(default=list, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(max_length=8, blank=True)
    rules_version = models.CharField(max_length=64, blank=True)
    model_version = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CLASSIFIER)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="verdict_ticket_time"),
            models.Index(fields=["source", "created_at"], name="verdict_source_time"),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} {self.topics} ({self.get_source_display()})"
