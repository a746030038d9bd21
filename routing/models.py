"""Routing rules, agents' skills, shifts and caps, SLA policies on business calendars, and the
per-ticket state the workers keep (routing decision, SLA clocks, escalations)."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Merchant
from tickets.models import Queue, Ticket

WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday"), (5, "Saturday"),
            (6, "Sunday")]
STAFF_ONLY = {"merchant__isnull": True}


class Skill(models.Model):
    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_profile",
                                limit_choices_to=STAFF_ONLY)
    skills = models.ManyToManyField(Skill, blank=True, related_name="agents")
    max_open_tickets = models.PositiveSmallIntegerField(default=20, help_text="Auto-assignment stops at this cap.")
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE, help_text="Shift times are local to it.")
    is_available = models.BooleanField(default=True, help_text="Untick for holidays or sick leave.")

    def __str__(self) -> str:
        return f"Agent {self.user}"

    def clean(self) -> None:
        from .businesstime import zone

        try:
            zone(self.time_zone)
        except ValueError as exc:
            raise ValidationError({"time_zone": str(exc)}) from exc


def _check_span(opens: object, closes: object, field: str = "closes") -> None:
    from datetime import time

    if opens is not None and closes is not None and closes != time(0) and closes <= opens:
        raise ValidationError({field: "Must be later than the opening time (00:00 means midnight)."})


class Shift(models.Model):
    profile = models.ForeignKey(AgentProfile, on_delete=models.CASCADE, related_name="shifts")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    starts = models.TimeField()
    ends = models.TimeField(help_text="00:00 means midnight.")

    class Meta:
        ordering = ["weekday", "starts"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts:%H:%M}-{self.ends:%H:%M}"

    def clean(self) -> None:
        _check_span(self.starts, self.ends, "ends")


class QueueRouting(models.Model):
    """How a queue hands out its tickets."""

    class Mode(models.TextChoices):
        OFF = "off", "Off (agents pick tickets)"
        ROUND_ROBIN = "round_robin", "Round-robin"
        LEAST_LOADED = "least_loaded", "Least loaded"

    queue = models.OneToOneField(Queue, on_delete=models.CASCADE, related_name="routing")
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.OFF)
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL,
                              help_text="Only agents with this skill get the queue's tickets.")
    last_assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", editable=False)

    class Meta:
        verbose_name = "queue assignment"

    def __str__(self) -> str:
        return f"{self.queue}: {self.get_mode_display()}"


class RoutingRule(models.Model):
    """Evaluated in `order`; the first active rule whose conditions all hold decides. Empty = any."""

    order = models.PositiveIntegerField(unique=True, error_messages={
        "unique": "Another rule already has this order; rules run in order, so each needs its own number."})
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    # Conditions
    verdict = models.CharField(max_length=12, blank=True, choices=[("in_scope", "In scope"),
                               ("restricted", "Restricted"), ("mixed", "Mixed")])
    needs_review = models.BooleanField(null=True, blank=True, help_text="Classifier unsure (any when empty).")
    topics = models.CharField(max_length=300, blank=True, help_text="Comma-separated; any one matches.")
    priority = models.PositiveSmallIntegerField(null=True, blank=True, choices=Ticket.Priority.choices)
    plan = models.CharField(max_length=16, blank=True, choices=Merchant.Plan.choices)
    channel = models.CharField(max_length=8, blank=True, choices=Ticket.Channel.choices)
    language = models.CharField(max_length=8, blank=True)
    keywords = models.CharField(max_length=500, blank=True, help_text="Comma-separated; any one in subject or body.")
    # Actions
    set_queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    set_priority = models.PositiveSmallIntegerField(null=True, blank=True, choices=Ticket.Priority.choices)
    add_tags = models.CharField(max_length=200, blank=True, help_text="Comma-separated.")
    set_assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", limit_choices_to=STAFF_ONLY)
    set_team = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text="Auto-assign among this group's members only.")

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def clean(self) -> None:
        if not (self.set_queue_id or self.set_priority or self.add_tags.strip() or self.set_assignee_id
                or self.set_team_id):
            raise ValidationError("A rule needs at least one action (queue, priority, tags, assignee or team).")

    def as_rule(self):  # noqa: ANN201 - routing.rules.Rule
        from .rules import Rule, split

        return Rule(id=self.pk, order=self.order, verdict=self.verdict, needs_review=self.needs_review,
                    topics=split(self.topics), priority=self.priority, plan=self.plan, channel=self.channel,
                    language=self.language.lower(), keywords=split(self.keywords.lower()))


class RoutingDecision(models.Model):
    """One per ticket: the claim that makes routing happen once, and the pipeline's timings."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, primary_key=True, related_name="routing")
    rule = models.ForeignKey(RoutingRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    routed_at = models.DateTimeField(default=timezone.now)
    assigned_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Routing of {self.ticket_id}"


class BusinessCalendar(models.Model):
    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(max_length=64, default=settings.TIME_ZONE)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from .businesstime import zone

        try:
            zone(self.time_zone)
        except ValueError as exc:
            raise ValidationError({"time_zone": str(exc)}) from exc


class BusinessHours(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField(help_text="00:00 means midnight.")

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "business hours"

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self) -> None:
        _check_span(self.opens, self.closes)


class Holiday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="holiday_once_per_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SlaPolicy(models.Model):
    """Targets in business minutes. The most specific active policy applies: priority and plan,
    then priority, then plan, then the one with neither."""

    name = models.CharField(max_length=100)
    priority = models.PositiveSmallIntegerField(null=True, blank=True, choices=Ticket.Priority.choices,
                                                help_text="Empty: any priority.")
    plan = models.CharField(max_length=16, blank=True, choices=Merchant.Plan.choices, help_text="Empty: any plan.")
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="policies")
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    warn_percent = models.PositiveSmallIntegerField(default=75)
    breach_raise_priority = models.BooleanField(default=True, help_text="At breach, raise the priority one step.")
    breach_queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     help_text="At breach, move the ticket here.")
    breach_tag = models.SlugField(max_length=50, blank=True, default="sla-breached",
                                  help_text="At breach, flag the ticket with this tag.")
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"
        ordering = ["-priority", "plan"]
        constraints = [models.UniqueConstraint(
            fields=["priority", "plan"], condition=Q(is_active=True), nulls_distinct=False,
            name="one_active_sla_per_priority_plan",
            violation_error_message="An active policy for this priority and plan exists already.")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not 1 <= self.warn_percent <= 99:
            raise ValidationError({"warn_percent": "Between 1 and 99."})
        if self.first_response_minutes and self.resolution_minutes \
                and self.first_response_minutes > self.resolution_minutes:
            raise ValidationError({"resolution_minutes": "Cannot be shorter than the first-response target."})


_RUNNING = Q(paused_at__isnull=True)


class TicketSla(models.Model):
    """A ticket's two clocks. Due and warning times are absolute; `paused_minutes` (business time
    spent waiting for the merchant) pushes them later. The partial indexes serve the scan."""

    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, primary_key=True, related_name="sla")
    policy = models.ForeignKey(SlaPolicy, null=True, on_delete=models.SET_NULL, related_name="+")
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    warn_percent = models.PositiveSmallIntegerField(default=75)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_minutes = models.PositiveIntegerField(default=0)
    first_response_warn_at = models.DateTimeField()
    first_response_due_at = models.DateTimeField()
    first_response_met_at = models.DateTimeField(null=True, blank=True)
    first_response_warned_at = models.DateTimeField(null=True, blank=True)
    first_response_breached_at = models.DateTimeField(null=True, blank=True)
    resolution_warn_at = models.DateTimeField()
    resolution_due_at = models.DateTimeField()
    resolution_warned_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "ticket SLA"
        indexes = [
            models.Index(fields=["first_response_warn_at"], name="sla_fr_warn_pending", condition=_RUNNING & Q(
                first_response_met_at__isnull=True, first_response_warned_at__isnull=True)),
            models.Index(fields=["first_response_due_at"], name="sla_fr_breach_pending", condition=_RUNNING & Q(
                first_response_met_at__isnull=True, first_response_breached_at__isnull=True)),
            models.Index(fields=["resolution_warn_at"], name="sla_res_warn_pending",
                         condition=_RUNNING & Q(resolution_warned_at__isnull=True)),
            models.Index(fields=["resolution_due_at"], name="sla_res_breach_pending",
                         condition=_RUNNING & Q(resolution_breached_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"SLA of {self.ticket_id}"


class Escalation(models.Model):
    """One per breach of one clock: the unique key is what makes escalation happen once."""

    class Clock(models.TextChoices):
        FIRST_RESPONSE = "first_response", "First response"
        RESOLUTION = "resolution", "Resolution"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="escalations")
    clock = models.CharField(max_length=16, choices=Clock.choices)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    actions = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["ticket", "clock", "due_at"], name="escalate_once_per_breach")]

    def __str__(self) -> str:
        return f"{self.get_clock_display()} breach on {self.ticket_id}"
