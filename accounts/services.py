from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Merchant, User


def merchant_for_licence_key(licence_key: str) -> Merchant:
    """The merchant whose active licence has this key, or a ValidationError that says why not."""
    merchant = Merchant.objects.filter(licence_key=licence_key.strip()).first()
    if merchant is None:
        raise ValidationError({"licence_key": "We do not know this licence key. Please check it for typos."})
    if not merchant.has_active_licence:
        raise ValidationError({"licence_key": f"This licence is {merchant.get_licence_status_display().lower()}. "
                                              "Registration needs an active licence."})
    return merchant


@transaction.atomic
def merchant_user_register(*, licence_key: str, username: str, email: str, password: str) -> User:
    """Create a merchant user. The first user of a merchant becomes its owner."""
    merchant = merchant_for_licence_key(licence_key)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "This username is taken."})
    user = User(username=username, email=email, merchant=merchant)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        # validate_password raises a plain list; name the field so callers (the registration
        # view reads message_dict) can show it where it belongs instead of failing with a 500.
        raise ValidationError({"password": exc.messages}) from exc
    user.merchant_role = User.MerchantRole.STAFF if merchant.users.exists() else User.MerchantRole.OWNER
    user.set_password(password)
    user.save()
    return user
