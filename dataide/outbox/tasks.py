from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def deliver_message(message_id: int):
    # Retries are scheduled as new tasks with a countdown (not Celery's retry), so they behave the
    # same with a worker and in-process, and the relay catches any that the broker loses.
    delay = services.deliver(message_id)
    if delay is not None:
        services.enqueue_delivery(message_id, countdown=delay)


@shared_task(ignore_result=True)
def relay_pending_messages():
    return services.relay_pending_messages()
