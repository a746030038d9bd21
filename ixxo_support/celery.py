import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ixxo_support.settings.dev")

app = Celery("ixxo_support")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
