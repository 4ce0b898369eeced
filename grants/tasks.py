from celery import shared_task

from . import services


@shared_task
def remind_unsigned_agreements() -> int:
    return services.queue_unsigned_agreement_reminders()


@shared_task
def remind_final_reports() -> int:
    return services.queue_report_reminders()
