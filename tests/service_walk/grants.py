"""Unauthorised actors for every grants service: a collaborator (signing is the responsible
person's), regional staff of another region, staff without the
permission."""

from applications.statuses import ApplicationStatus as S
from grants import services
from organismes.models import MembershipRole
from tests.factories import OrganismeFactory, tier
from tests.grants.factories import awarded_quietly
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, submitted_application

SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}


def _publish_text():
    services.publish_agreement_text(actor=regional_staff(ESTRIE), tier=tier(), body_fr="Texte", body_en="Text")


def _create_agreement():
    application = submitted_application("AMO-2026-0951", region_code=MONTREAL, status=S.AWARDED, amount_awarded=4000)
    services.create_agreement(application, actor=regional_staff(ESTRIE))


def _sign_by_a_collaborator():
    organisme = OrganismeFactory()
    application = awarded_quietly(organisme)
    services.sign_agreement(
        actor=member_of(organisme, role=MembershipRole.COLLABORATOR), agreement=application.agreement, **SIGNATURE
    )


CASES = {
    "grants.services.publish_agreement_text": _publish_text,
    "grants.services.create_agreement": _create_agreement,
    "grants.services.sign_agreement": _sign_by_a_collaborator,
}
