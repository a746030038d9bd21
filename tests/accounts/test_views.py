"""Sign-in, sign-out, password reset by e-mail, registration with a licence key."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "brand-new-secret-42"


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


class TestSignIn:
    def test_merchant_signs_in_and_lands_on_my_tickets(self, cast, client):
        response = sign_in(client, "alice")
        assert response.status_code == 302 and response["Location"] == reverse("home")
        assert client.get(reverse("tickets:list")).status_code == 200

    def test_a_wrong_password_is_a_form_error_and_signs_nobody_in(self, cast, client):
        response = sign_in(client, "alice", "wrong")
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        assert "_auth_user_id" not in client.session

    def test_merchant_with_an_expired_licence_can_still_sign_in(self, cast, client):
        assert sign_in(client, "carla").status_code == 302

    def test_signing_in_returns_to_the_page_asked_for(self, cast, client):
        response = client.post(
            reverse("accounts:login") + "?next=/tickets/new/",
            {"username": "alice", "password": PASSWORD, "next": "/tickets/new/"},
        )
        assert response["Location"] == "/tickets/new/"

    def test_sign_out_ends_the_session(self, cast, client):
        sign_in(client, "alice")
        response = client.post(reverse("accounts:logout"))
        assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
        assert client.get(reverse("tickets:list")).status_code == 302


class TestPasswordReset:
    def test_the_emailed_link_sets_a_new_password(self, cast, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
        assert response["Location"] == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["alice@example.com"] and "password" in message.subject.lower()
        link = re.search(r"https?://testserver(/accounts/password-reset/\S+/\S+/)", message.body).group(1)

        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200 and form_page.context["validlink"]
        done = client.post(
            form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        )
        assert done["Location"] == reverse("accounts:password_reset_complete")
        assert User.objects.get(username="alice").check_password(NEW_PASSWORD)
        assert sign_in(client, "alice", NEW_PASSWORD).status_code == 302

    def test_the_link_works_only_once(self, cast, client):
        client.post(reverse("accounts:password_reset"), {"email": "alice@example.com"})
        link = re.search(r"testserver(\S+)", mail.outbox[0].body).group(1)
        form_page = client.get(link, follow=True)
        client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert client.get(link, follow=True).context["validlink"] is False

    def test_an_unknown_address_sends_nothing_but_looks_the_same(self, cast, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
        assert response["Location"] == reverse("accounts:password_reset_done") and mail.outbox == []


class TestRegistration:
    def form(self, key: str, **overrides) -> dict:
        return {
            "licence_key": key,
            "username": "newbie",
            "email": "newbie@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            **overrides,
        }

    def test_a_merchant_registers_with_an_active_key_and_is_signed_in(self, cast, client):
        response = client.post(reverse("accounts:register"), self.form(cast.bergamo.licence_key))
        assert response["Location"] == reverse("tickets:list")
        user = User.objects.get(username="newbie")
        assert (user.merchant, user.merchant_role) == (cast.bergamo, "staff")
        assert int(client.session["_auth_user_id"]) == user.pk

    @pytest.mark.parametrize(
        ("key", "message"),
        [
            ("IXXO-NOPE-0000-KEY", "We do not know this licence key"),
            ("coastal", "This licence is expired"),
        ],
        ids=["bad-key", "expired-key"],
    )
    def test_a_bad_or_expired_key_is_a_clear_error_on_the_key(self, cast, client, key, message):
        key = cast.coastal.licence_key if key == "coastal" else key
        response = client.post(reverse("accounts:register"), self.form(key))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["licence_key"])
        assert message in response.content.decode()
        assert not User.objects.filter(username="newbie").exists()

    def test_passwords_that_differ_are_an_error_on_the_second(self, cast, client):
        response = client.post(reverse("accounts:register"), self.form(cast.alpine.licence_key, password2="other"))
        assert "differ" in response.context["form"].errors["password2"][0]
        assert not User.objects.filter(username="newbie").exists()

    def test_a_weak_password_is_a_form_error(self, cast, client):
        response = client.post(
            reverse("accounts:register"),
            self.form(cast.alpine.licence_key, password1="12345678", password2="12345678"),
        )
        assert response.context["form"].errors["password1"]
        assert not User.objects.filter(username="newbie").exists()

    def test_a_taken_username_is_a_form_error(self, cast, client):
        response = client.post(reverse("accounts:register"), self.form(cast.alpine.licence_key, username="Bruno"))
        assert "taken" in response.context["form"].errors["username"][0]
