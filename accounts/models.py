from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Merchant(models.Model):
    """A store that holds an IXXO licence. Its users see its tickets and nothing else."""

    class LicenceStatus(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    class Plan(models.TextChoices):
        STANDARD = "standard", "Standard"
        PRIORITY = "priority", "Priority"
        ENTERPRISE = "enterprise", "Enterprise"

    name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    licence_key = models.CharField(max_length=64, unique=True)
    licence_status = models.CharField(max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE)
    licence_expires_on = models.DateField(null=True, blank=True)
    support_plan = models.CharField(max_length=16, choices=Plan.choices, default=Plan.STANDARD)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_active_licence(self) -> bool:
        return self.licence_status == self.LicenceStatus.ACTIVE


class User(AbstractUser):
    """A merchant's user (merchant set) or a member of staff (merchant empty, in a role group)."""

    class MerchantRole(models.TextChoices):
        OWNER = "owner", "Owner"
        STAFF = "staff", "Staff"

    merchant = models.ForeignKey(Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="users")
    merchant_role = models.CharField(max_length=8, choices=MerchantRole.choices, blank=True)
    restrict_to_queues = models.BooleanField(
        default=False,
        help_text="Agents only: when set, the agent sees only tickets in the queues they are a member of.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(merchant__isnull=True) | models.Q(is_staff=False),
                name="merchant_users_are_not_staff",
            )
        ]

    @property
    def is_merchant_user(self) -> bool:
        return self.merchant_id is not None
