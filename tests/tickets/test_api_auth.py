"""API authentication (token and session), /api/v1/me/, and the OpenAPI schema and docs."""

import pytest
import yaml
from rest_framework.test import APIClient

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


class TestTokenAuth:
    def test_username_and_password_give_a_token_that_authenticates(self, cast, api):
        response = api.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json")
        assert response.status_code == 200 and set(response.json()) == {"token"}
        api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        assert api.get("/api/v1/me/").json()["username"] == "alice"

    def test_the_same_user_gets_the_same_token_twice(self, cast, api):
        first = api.post(TOKEN_URL, {"username": "bruno", "password": PASSWORD}, format="json").json()
        second = api.post(TOKEN_URL, {"username": "bruno", "password": PASSWORD}, format="json").json()
        assert first == second

    def test_a_wrong_password_gives_no_token_and_a_400_in_the_error_shape(self, cast, api):
        response = api.post(TOKEN_URL, {"username": "alice", "password": "wrong"}, format="json")
        assert response.status_code == 400
        assert (
            response.json()["error"]["code"] == "invalid" and "non_field_errors" in response.json()["error"]["fields"]
        )

    def test_a_missing_password_is_named(self, cast, api):
        response = api.post(TOKEN_URL, {"username": "alice"}, format="json")
        assert list(response.json()["error"]["fields"]) == ["password"]

    def test_an_unknown_token_is_a_401(self, api):
        api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
        response = api.get("/api/v1/tickets/")
        assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"

    def test_a_401_tells_the_client_to_use_a_token(self, api):
        assert api.get("/api/v1/tickets/")["WWW-Authenticate"] == "Token"

    def test_an_inactive_user_cannot_get_a_token(self, cast, api):
        cast.alice.is_active = False
        cast.alice.save()
        assert api.post(TOKEN_URL, {"username": "alice", "password": PASSWORD}, format="json").status_code == 400


class TestSessionAuth:
    def test_a_signed_in_browser_session_reads_the_api(self, cast, api):
        api.force_login(cast.bruno)
        assert api.get("/api/v1/me/").json()["username"] == "bruno"

    def test_a_session_post_without_a_csrf_token_is_refused(self, cast):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(cast.alice)
        response = client.post("/api/v1/tickets/", {"subject": "s", "body": "b"}, format="json")
        assert response.status_code == 403 and "CSRF" in response.json()["error"]["message"]

    def test_a_token_post_needs_no_csrf_token(self, cast, api_as):
        client = api_as(cast.alice)
        client.enforce_csrf_checks = True
        assert client.post("/api/v1/tickets/", {"subject": "s", "body": "b"}, format="json").status_code == 201


class TestMe:
    def test_describes_a_merchant_user_and_their_merchant(self, cast, api_as):
        body = api_as(cast.alice).get("/api/v1/me/").json()
        assert body == {
            "id": cast.alice.pk,
            "username": "alice",
            "email": "alice@example.com",
            "roles": ["merchant"],
            "merchant": {
                "id": cast.alpine.pk,
                "name": "Alpine Outfitters",
                "licence_status": "active",
                "support_plan": "standard",
                "role": "owner",
            },
        }

    def test_shows_an_expired_licence(self, cast, api_as):
        assert api_as(cast.carla).get("/api/v1/me/").json()["merchant"]["licence_status"] == "expired"

    @pytest.mark.parametrize(
        ("who", "expected"),
        [("agent", ["agent"]), ("supervisor", ["supervisor"]), ("admin", ["agent", "supervisor", "admin"])],
    )
    def test_lists_the_roles_of_staff(self, cast, api_as, who, expected):
        body = api_as(getattr(cast, who)).get("/api/v1/me/").json()
        assert body["roles"] == expected and body["merchant"] is None


class TestSchema:
    def test_openapi_3_schema_describes_the_ticket_endpoints(self, api):
        response = api.get("/api/schema/")
        assert response.status_code == 200
        schema = yaml.safe_load(response.content)
        assert schema["openapi"].startswith("3.")
        paths = schema["paths"]
        for path in [
            "/api/v1/tickets/",
            "/api/v1/tickets/{id}/",
            "/api/v1/tickets/{id}/messages/",
            "/api/v1/tickets/{id}/attachments/",
            "/api/v1/tickets/{id}/close/",
            "/api/v1/tickets/{id}/reopen/",
            "/api/v1/me/",
            "/api/v1/auth/token/",
        ]:
            assert path in paths, path
        assert {"get", "post"} <= set(paths["/api/v1/tickets/"]) and "patch" in paths["/api/v1/tickets/{id}/"]
        assert "tokenAuth" in schema["components"]["securitySchemes"]

    def test_the_docs_page_loads(self, api):
        response = api.get("/api/docs/")
        assert response.status_code == 200 and b"swagger" in response.content.lower()
