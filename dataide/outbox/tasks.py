from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, max_retries=services.MAX_ATTEMPTS, ignore_result=True)
def deliver_message(self, message_id: int):
    delay = services.deliver(message_id)
    if delay is not None:
        raise self.retry(countdown=delay)


@shared_task(ignore_result=True)
def relay_pending_messages():
    return services.relay_pending_messages()
