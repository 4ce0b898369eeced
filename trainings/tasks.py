from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_webinar_reminders() -> int:
    return services.send_webinar_reminders()
