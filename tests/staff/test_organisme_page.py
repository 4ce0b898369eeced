"""Everything about one organisme on one admin page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus as S
from dataide.outbox.models import OutboxMessage
from organismes.services import request_to_join
from tests.factories import UserFactory
from tests.organismes.factories import InvitationFactory, member_of
from tests.staff.factories import signed_in_team, submitted_application
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    LabEnrolmentFactory,
    LeaderFactory,
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_one_page_shows_team_trainings_applications_awards_messages_and_audit(client):
    signed_in_team(client)
    awarded = submitted_application("AMO-2026-0700", status=S.AWARDED, amount_awarded=Decimal(3800))
    organisme = awarded.organisme
    submitted_application("ACC-2026-0701", organisme=organisme, code="acceleration")
    member_of(organisme, email="responsable@organisme.org")
    request_to_join(actor=UserFactory(email="candidate@organisme.org"), organisme=organisme)  # mail + audit
    InvitationFactory(organisme=organisme, email="invitee@organisme.org")
    WebinarRegistrationFactory(organisme=organisme, webinar__title="Webinaire de janvier")
    WebinarAttendanceFactory(organisme=organisme, webinar__title="Webinaire de décembre")
    CohortEnrolmentFactory(organisme=organisme, cohort__name="Cohorte Nord Ouvert A")
    LabEnrolmentFactory(leader=LeaderFactory(organisme=organisme, full_name="Léa Tremblay"))

    html = client.get(reverse("admin:organismes_organisme_change", args=[organisme.pk])).content.decode()
    for expected in [
        "responsable@organisme.org", "candidate@organisme.org", "invitee@organisme.org",
        "Webinaire de janvier", "Webinaire de décembre", "Cohorte Nord Ouvert A", "Léa Tremblay",
        "AMO-2026-0700", "ACC-2026-0701", "Bourses accordées", "Demande pour rejoindre l&#x27;organisme reçue",
        OutboxMessage.objects.get(template="join_request").subject,
    ]:
        assert expected in html, expected
    assert 'name="legal_name"' not in html  # read-only
