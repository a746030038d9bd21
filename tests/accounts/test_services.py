import pytest
from django.core.exceptions import ValidationError

from accounts.models import Merchant, User
from accounts.services import merchant_for_licence_key, merchant_user_register
from tests import factories

pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "correct-horse-battery-9"


def register(key: str, username: str = "newbie", password: str = GOOD_PASSWORD) -> User:
    return merchant_user_register(
        licence_key=key, username=username, email=f"{username}@example.com", password=password
    )


class TestMerchantForLicenceKey:
    def test_finds_the_merchant_of_an_active_key_ignoring_surrounding_spaces(self, cast):
        assert merchant_for_licence_key(f"  {cast.alpine.licence_key}\n") == cast.alpine

    def test_an_unknown_key_says_so_on_the_licence_key_field(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            merchant_for_licence_key("IXXO-NOPE-0000-KEY")
        assert "do not know this licence key" in exc_info.value.message_dict["licence_key"][0]

    @pytest.mark.parametrize("status", [Merchant.LicenceStatus.EXPIRED, Merchant.LicenceStatus.REVOKED])
    def test_an_inactive_key_says_which_state_it_is_in(self, status):
        merchant = factories.MerchantFactory(licence_status=status)
        with pytest.raises(ValidationError) as exc_info:
            merchant_for_licence_key(merchant.licence_key)
        message = exc_info.value.message_dict["licence_key"][0]
        assert f"This licence is {status.label.lower()}" in message and "needs an active licence" in message


class TestMerchantUserRegister:
    def test_the_first_user_of_a_merchant_becomes_its_owner(self):
        merchant = factories.MerchantFactory()
        user = register(merchant.licence_key)
        assert (user.merchant, user.merchant_role, user.is_staff) == (merchant, "owner", False)
        assert user.check_password(GOOD_PASSWORD)

    def test_later_users_join_as_staff(self, cast):
        assert register(cast.alpine.licence_key).merchant_role == User.MerchantRole.STAFF

    def test_an_expired_licence_registers_nobody(self, cast):
        with pytest.raises(ValidationError):
            register(cast.coastal.licence_key)
        assert not User.objects.filter(username="newbie").exists()

    def test_a_taken_username_is_refused_whatever_its_case(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            register(cast.alpine.licence_key, username="ALICE")
        assert "username" in exc_info.value.message_dict

    def test_a_weak_password_is_refused_and_nothing_is_saved(self, cast):
        with pytest.raises(ValidationError) as exc_info:
            register(cast.alpine.licence_key, password="123")
        assert "This password is too short" in exc_info.value.message_dict["password"][0]
        assert not User.objects.filter(username="newbie").exists()
