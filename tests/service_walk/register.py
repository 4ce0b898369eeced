"""Unauthorised actors for the register's service: an organisme's own member may not rewrite the
public summary through the staff service, nor may regional staff outside the region."""

from applications.models import ApplicationStatus
from register import services
from tests.factories import ApplicationFactory, MembershipFactory


def _member():
    membership = MembershipFactory()
    application = ApplicationFactory(organisme=membership.organisme, status=ApplicationStatus.SUBMITTED)
    services.edit_public_summary(actor=membership.user, application=application, public_summary="Texte.")


CASES = {"register.services.edit_public_summary": _member}
