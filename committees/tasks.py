from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def send_scoring_reminders():
    """Beat runs it several times a day; the dedup key keeps it to one reminder per member."""
    return services.send_scoring_reminders()
