"""`make run` with nothing configured: SQLite and in-process tasks. The suite itself runs on
PostgreSQL, so this starts a fresh process on a fresh SQLite database, migrates, loads the demo
data and opens the main pages as the demo users would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = r"""
import django
django.setup()
from django.test import Client
from accounts.models import User
from tickets.models import Ticket

pages = {
    "alice": ["/tickets/", "/tickets/new/", "/forum/"],
    "agent": ["/desk/", "/desk/?view=mine", "/desk/?q=paypal", "/desk/tickets/new/"],
    "super": ["/desk/reports/", "/desk/reports/volume-verdict.csv", "/admin/"],
}
ticket = Ticket.objects.filter(merchant__name="Alpine Outfitters").order_by("id").first()
pages["alice"].append(f"/tickets/{ticket.pk}/")
pages["agent"].append(f"/desk/tickets/{ticket.pk}/")
for username, urls in pages.items():
    client = Client(SERVER_NAME="127.0.0.1")  # a host the dev settings allow
    client.force_login(User.objects.get(username=username))
    for url in urls:
        status = client.get(url).status_code
        print(username, url, status)
        assert status == 200, (username, url, status)
"""


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_a_fresh_embedded_install_serves_every_role_its_pages(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(IXXO_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="ixxo_support.settings.dev")
    _run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    assert "Loaded" in _run([sys.executable, "manage.py", "seed_demo"], env)
    out = _run([sys.executable, "-c", PAGES], env)
    assert (tmp_path / "db.sqlite3").exists()
    assert out.count(" 200") == 12
