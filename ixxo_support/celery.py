import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ixxo_support.settings.dev")

app = Celery("ixxo_support")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Workers keep their database connections across tasks but drop broken ones (see worker_db.py).
from .worker_db import connect as _connect_worker_db  # noqa: E402

_connect_worker_db()
