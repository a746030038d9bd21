"""ixxo_support/settings: typed getters that fail loudly, and production settings that pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ixxo_support.settings.env import email_settings_from_url, env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent
GOOD_SECRET = "k3J9-vq7_Zp2!xW8rT4#mN6@bY1%cL5^hF0&dS3*gA9(eU2)iO7"


class TestEnvGetters:
    def test_env_str_returns_the_value_or_the_default(self, monkeypatch):
        monkeypatch.setenv("IXXO_T", "hello")
        assert env_str("IXXO_T") == "hello" and env_str("IXXO_UNSET", "dflt") == "dflt"

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("1", True),
            ("TRUE", True),
            (" yes ", True),
            ("on", True),
            ("0", False),
            ("false", False),
            ("No", False),
            ("off", False),
        ],
    )
    def test_env_bool_reads_the_usual_spellings(self, monkeypatch, raw, expected):
        monkeypatch.setenv("IXXO_T", raw)
        assert env_bool("IXXO_T", not expected) is expected

    @pytest.mark.parametrize("raw", ["ture", "2", "enabled", "y"])
    def test_env_bool_fails_loudly_on_anything_else(self, monkeypatch, raw):
        monkeypatch.setenv("IXXO_T", raw)
        with pytest.raises(ImproperlyConfigured, match="IXXO_T"):
            env_bool("IXXO_T")

    def test_env_bool_uses_the_default_when_unset(self, monkeypatch):
        monkeypatch.delenv("IXXO_T", raising=False)
        assert env_bool("IXXO_T", True) is True

    def test_env_int_parses_integers_and_defaults_when_unset_or_empty(self, monkeypatch):
        monkeypatch.setenv("IXXO_T", " 42 ")
        assert env_int("IXXO_T", 1) == 42
        monkeypatch.setenv("IXXO_T", "")
        assert env_int("IXXO_T", 7) == 7

    @pytest.mark.parametrize("raw", ["ten", "1.5", "10MB", "0x10"])
    def test_env_int_fails_loudly_on_a_non_integer(self, monkeypatch, raw):
        monkeypatch.setenv("IXXO_T", raw)
        with pytest.raises(ImproperlyConfigured, match="IXXO_T"):
            env_int("IXXO_T", 1)

    def test_env_list_splits_on_commas_and_drops_blanks(self, monkeypatch):
        monkeypatch.setenv("IXXO_T", " a.example , b.example,, ")
        assert env_list("IXXO_T", []) == ["a.example", "b.example"]
        monkeypatch.delenv("IXXO_T")
        assert env_list("IXXO_T", ["x"]) == ["x"]


class TestEmailUrl:
    def test_smtp_with_credentials_tls_and_timeout(self):
        assert email_settings_from_url("smtp://me%40ixxo.example:p%3Ass@mail.example:587?tls=1&timeout=5") == {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "mail.example",
            "EMAIL_PORT": 587,
            "EMAIL_HOST_USER": "me@ixxo.example",
            "EMAIL_HOST_PASSWORD": "p:ss",
            "EMAIL_USE_SSL": False,
            "EMAIL_USE_TLS": True,
            "EMAIL_TIMEOUT": 5,
        }

    def test_smtps_defaults_to_port_465_with_implicit_tls(self):
        settings = email_settings_from_url("smtps://mail.example")
        assert (settings["EMAIL_PORT"], settings["EMAIL_USE_SSL"], settings["EMAIL_USE_TLS"]) == (
            465,
            True,
            False,
        )

    @pytest.mark.parametrize(
        ("url", "backend"),
        [("console://", "console"), ("locmem://", "locmem"), ("file:///var/mail", "filebased")],
    )
    def test_non_smtp_backends(self, url, backend):
        assert email_settings_from_url(url)["EMAIL_BACKEND"] == f"django.core.mail.backends.{backend}.EmailBackend"

    def test_file_backend_keeps_the_path(self):
        assert email_settings_from_url("file:///var/mail%20out")["EMAIL_FILE_PATH"] == "/var/mail out"

    @pytest.mark.parametrize("url", ["smtp://", "smtp://:587", "sendgrid://key@host", "mail.example:25"])
    def test_an_unusable_url_fails_loudly(self, url):
        with pytest.raises(ImproperlyConfigured):
            email_settings_from_url(url)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Not the test run's own environment wholesale: conftest sets DJANGO_ALLOW_ASYNC_UNSAFE (async.E001).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {**inherited, "DJANGO_SETTINGS_MODULE": "ixxo_support.settings.production", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


class TestProductionSettings:
    def test_pass_check_deploy_without_a_single_warning(self, tmp_path):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=GOOD_SECRET,
            ALLOWED_HOSTS="support.ixxo.example",
            IXXO_VAR_DIR=str(tmp_path),
            DEBUG="1",
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "System check identified no issues" in result.stdout

    @pytest.mark.parametrize("secret", ["", "insecure-" + "x" * 60, "short-but-random-7f3a"])
    def test_refuse_to_start_without_a_real_secret_key(self, tmp_path, secret):
        result = run_manage(
            "check", SECRET_KEY=secret, ALLOWED_HOSTS="support.ixxo.example", IXXO_VAR_DIR=str(tmp_path)
        )
        assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("url", ["smtp://mail.example.com:abc", "smtp://mail.example.com:25?timeout=soon"])
def test_an_email_url_with_a_bad_number_fails_loudly(url):
    with pytest.raises(ImproperlyConfigured):
        email_settings_from_url(url)
