from celery import shared_task

from .services.notifications import notify_for_post


@shared_task(
    name="forum.notify_post",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 8},
    time_limit=120,
)
def notify_post(post_id: int) -> int:
    return notify_for_post(post_id)
