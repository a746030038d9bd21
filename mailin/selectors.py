"""Who wrote a mail: users found by the sender address. Reads only."""

from email.utils import parseaddr

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When

from accounts.models import Merchant, User
from accounts.roles import is_support_staff
from tickets.models import Ticket


def support_addresses() -> tuple[str, ...]:
    """Our own addresses: mail from them is our own coming back."""
    extra = getattr(settings, "MAILIN_OWN_ADDRESSES", ())
    found = [parseaddr(settings.DEFAULT_FROM_EMAIL)[1], parseaddr(settings.SERVER_EMAIL)[1], *extra]
    return tuple(dict.fromkeys(address.lower() for address in found if address))


def _first_owner(merchant: Merchant) -> User | None:
    owners_first = Case(When(merchant_role=User.MerchantRole.OWNER, then=Value(0)), default=Value(1),
                        output_field=IntegerField())
    return merchant.users.filter(is_active=True).order_by(owners_first, "id").first()


def senders_for(address: str) -> list[User]:
    """Users this address may act as: merchant users with that e-mail, then the first owner of a
    merchant whose contact e-mail it is, then support staff with that e-mail."""
    if not address:
        return []
    users = list(User.objects.filter(email__iexact=address, is_active=True).select_related("merchant").order_by("id"))
    found = [user for user in users if user.merchant_id]
    for merchant in Merchant.objects.filter(contact_email__iexact=address).order_by("id"):
        owner = _first_owner(merchant)
        if owner is not None and owner not in found:
            found.append(owner)
    return found + [user for user in users if not user.merchant_id and is_support_staff(user)]


def author_for(ticket: Ticket, senders: list[User]) -> User | None:
    """The sender may write on this ticket: a user of its merchant, or support staff."""
    return next((user for user in senders if user.merchant_id == ticket.merchant_id), None) or next(
        (user for user in senders if not user.merchant_id), None)


def requester_for(senders: list[User]) -> User | None:
    return next((user for user in senders if user.merchant_id), None)
