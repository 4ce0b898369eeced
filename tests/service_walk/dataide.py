"""Unauthorised actors for the core's services (record_event is exempt: it writes the audit row
of a change its caller already authorised)."""

from dataide.accounts import services as accounts
from dataide.accounts.roles import Role
from dataide.outbox import services as outbox
from dataide.outbox.models import MessageStatus, OutboxMessage
from tests.factories import StaffUserFactory, UserFactory


def _resend_message():
    message = OutboxMessage.objects.create(
        recipient_email="organisme@exemple.org", template="application_received", status=MessageStatus.FAILED
    )
    # Regional staff read the messages of their organismes but do not send them again.
    outbox.resend_message(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), message=message)


def _update_name():
    # Only the person themself renames their account here (staff use the admin).
    accounts.update_name(actor=UserFactory(), person=UserFactory(), full_name="Julie Lavoie")


CASES = {
    "dataide.outbox.services.resend_message": _resend_message,
    "dataide.accounts.services.update_name": _update_name,
}
