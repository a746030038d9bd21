import factory
from django.contrib.auth.models import Group

from accounts.models import Merchant, User
from tickets.models import Message, Queue, Ticket

PASSWORD = "ixxo-test-pass"


class MerchantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Merchant

    name = factory.Sequence(lambda n: f"Store {n}")
    contact_email = factory.LazyAttribute(lambda o: f"{o.name.split()[0].lower()}@example.com")
    licence_key = factory.Sequence(lambda n: f"IXXO-TEST-{n:04d}-KEY")
    licence_status = Merchant.LicenceStatus.ACTIVE


class MerchantUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"merchant{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    merchant = factory.SubFactory(MerchantFactory)
    merchant_role = User.MerchantRole.STAFF
    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class StaffFactory(factory.django.DjangoModelFactory):
    """A member of staff; `role` names the group (agent, supervisor, admin)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@ixxo.example")
    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        role = extracted or "agent"
        self.groups.add(Group.objects.get_or_create(name=role)[0])
        if role != "agent" and not self.is_staff:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Queue {n}")
    slug = factory.Sequence(lambda n: f"queue-{n}")


class TicketFactory(factory.django.DjangoModelFactory):
    """A ticket written straight to the table (for reads); use tickets.services to test writes."""

    class Meta:
        model = Ticket

    merchant = factory.SubFactory(MerchantFactory)
    requester = factory.SubFactory(MerchantUserFactory, merchant=factory.SelfAttribute("..merchant"))
    subject = factory.Sequence(lambda n: f"Question number {n}")
    body = "How do I add a product variant?"
    body_html = "<p>How do I add a product variant?</p>"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    ticket = factory.SubFactory(TicketFactory)
    author = factory.SelfAttribute("ticket.requester")
    body = "A reply."
    body_html = "<p>A reply.</p>"
