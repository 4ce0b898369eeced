from celery import shared_task

from . import services


@shared_task
def remind_idle_drafts() -> int:
    return services.queue_idle_draft_reminders()
