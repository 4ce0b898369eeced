"""Unauthorised actors for impact's services: only the organisme's own members share or withdraw."""

from decimal import Decimal

from applications.models import ApplicationStatus
from impact import services
from impact.models import ImpactShare
from tests.factories import ApplicationFactory, MembershipFactory, StaffUserFactory


def _awarded():
    return ApplicationFactory(status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))


def _share_impact():
    # Not even staff share impact for an organisme: it is the organisme's choice.
    services.share_impact(actor=StaffUserFactory(), application=_awarded(), own_label="Familles", value=Decimal(3))


def _delete_impact():
    application = _awarded()
    share = ImpactShare.objects.create(organisme=application.organisme, application=application, own_label="X", value=1)
    services.delete_impact(actor=MembershipFactory().user, share=share)


CASES = {
    "impact.services.share_impact": _share_impact,
    "impact.services.delete_impact": _delete_impact,
}
