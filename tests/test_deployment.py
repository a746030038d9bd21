"""No Docker engine runs here, so the Compose file and Dockerfile are checked by reading them."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("migrate", "web", "worker", "beat")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_service():
    assert set(compose()["services"]) >= {"postgres", "redis", *APP_SERVICES}


def test_app_services_share_one_image_and_differ_only_by_command():
    services = compose()["services"]
    images = {services[name]["image"] for name in APP_SERVICES}
    assert images == {"ixxo-support:latest"}
    assert all(services[name]["build"] == "." for name in APP_SERVICES)
    envs = [services[name]["environment"] for name in APP_SERVICES]
    assert all(env == envs[0] for env in envs)
    commands = {name: " ".join(services[name]["command"]) for name in APP_SERVICES}
    assert commands["web"].startswith("gunicorn ixxo_support.wsgi")
    assert "worker" in commands["worker"] and "beat" in commands["beat"]
    assert "migrate" in commands["migrate"]


def test_app_services_point_at_the_compose_postgres_and_redis():
    env = compose()["services"]["web"]["environment"]
    assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["REDIS_URL"].startswith("redis://redis:6379")


def test_web_waits_for_migrations_and_migrations_wait_for_healthy_services():
    services = compose()["services"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in services["postgres"] and "healthcheck" in services["redis"]


def test_dockerfile_copies_paths_that_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (\S+) ", dockerfile, flags=re.MULTILINE):
        if source != ".":
            assert (ROOT / source).exists(), source
