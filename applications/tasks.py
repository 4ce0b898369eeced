from celery import shared_task

from . import services
from .info_requests import services as info_requests


@shared_task
def remind_idle_drafts() -> int:
    return services.queue_idle_draft_reminders()


@shared_task
def remind_info_requests() -> int:
    return info_requests.queue_info_request_reminders()
