import os

from celery import Celery

from .broker import install as _install_broker

_install_broker()  # one Redis client per channel, not one per publish or ack (see broker.py)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ixxo_support.settings.dev")

app = Celery("ixxo_support")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Workers keep their database connections across tasks but drop broken ones (see worker_db.py).
from .worker_db import connect as _connect_worker_db  # noqa: E402

_connect_worker_db()
