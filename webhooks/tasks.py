from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


class DeliveryFailed(Exception):
    pass


@shared_task(name="webhooks.deliver", acks_late=True, time_limit=60, soft_time_limit=55,
             autoretry_for=(DeliveryFailed, OperationalError, InterfaceError), retry_backoff=2,
             retry_backoff_max=900, retry_jitter=True, retry_kwargs={"max_retries": services.MAX_ATTEMPTS})
def deliver(delivery_id: int) -> str:
    status = services.delivery_attempt(delivery_id=delivery_id)
    if status == "pending":  # failed this time: try again later, with backoff
        raise DeliveryFailed(f"delivery {delivery_id} not accepted yet")
    return status
