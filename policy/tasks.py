from celery import shared_task

from . import training


@shared_task(name="policy.train_scope_model", acks_late=True, time_limit=1800, soft_time_limit=1700)
def train_scope_model(version_id: int) -> str:
    return training.train_version(version_id).status
