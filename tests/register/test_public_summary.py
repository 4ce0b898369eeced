"""The public summary: asked on the form as public, required at submission, corrected by staff
in the admin before the decision (audited), and the only typed text the register shows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications import services as application_services
from applications.models import ApplicationStatus
from dataide.accounts.roles import Role
from dataide.audit.models import AuditEvent
from register.services import edit_public_summary
from tests.applications.factories import complete_draft, eligible_organisme
from tests.factories import ApplicationFactory, MembershipFactory, OrganismeFactory, StaffUserFactory, region
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_the_form_shows_the_summary_as_public_with_its_limit(client):
    organisme = eligible_organisme()
    responsible = MembershipFactory(organisme=organisme).user
    application = complete_draft(organisme)
    client.force_login(responsible)

    page = client.get(f"/fr/demandes/{application.pk}/etape/projet/").content.decode()

    assert 'name="public_summary"' in page
    assert "PUBLIC" in page
    assert 'maxlength="600"' in page


def test_submission_requires_the_french_summary_only():
    application = complete_draft(eligible_organisme(), public_summary="")
    assert any("résumé public" in problem for problem in application_services.submission_problems(application))
    application.public_summary = "Un résumé."
    assert application_services.submission_problems(application) == []


def test_staff_correct_the_summary_before_the_decision_and_it_is_audited(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, public_summary="Avec Julie Lavoie.")
    login_staff(client, StaffUserFactory(roles=[Role.DATAIDE_TEAM]))

    response = client.post(
        f"/fr/admin/register/publicsummary/{application.pk}/change/",
        {"public_summary": "Avec l'équipe d'accueil.", "public_summary_en": ""},
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.public_summary == "Avec l'équipe d'accueil."
    event = AuditEvent.objects.get(action="register.public_summary_edited")
    assert event.data["changes"]["public_summary"] == {"old": "Avec Julie Lavoie.", "new": "Avec l'équipe d'accueil."}


def test_a_published_summary_is_no_longer_edited():
    application = ApplicationFactory(status=ApplicationStatus.AWARDED, amount_awarded=1000, public_summary="Publié.")
    with pytest.raises(ValidationError) as refused:
        edit_public_summary(actor=StaffUserFactory(roles=[Role.DATAIDE_TEAM]), application=application,
                            public_summary="Autre.")
    assert refused.value.code == "public_summary_not_editable"


def test_regional_staff_edit_only_their_regions():
    application = ApplicationFactory(organisme=OrganismeFactory(region=region("03")), status=ApplicationStatus.SUBMITTED)
    regional = StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])
    with pytest.raises(PermissionDenied):
        edit_public_summary(actor=regional, application=application, public_summary="Autre.")
    assert not AuditEvent.objects.filter(action="register.public_summary_edited").exists()


def test_the_admin_lists_the_summaries_still_to_publish(client):
    waiting = ApplicationFactory(status=ApplicationStatus.IN_REVIEW, title="En attente de décision")
    published = ApplicationFactory(status=ApplicationStatus.AWARDED, amount_awarded=1000, title="Déjà publiée")
    login_staff(client, StaffUserFactory(roles=[Role.DATAIDE_TEAM]))

    page = client.get("/fr/admin/register/publicsummary/").content.decode()

    assert waiting.title in page
    assert published.title not in page
    assert client.get(f"/fr/admin/register/publicsummary/{published.pk}/change/").status_code == 404


def test_a_refused_edit_says_why_and_not_that_it_succeeded(client):
    application = ApplicationFactory(status=ApplicationStatus.SUBMITTED, public_summary="Texte.")
    login_staff(client, StaffUserFactory(roles=[Role.DATAIDE_TEAM]))

    response = client.post(
        f"/fr/admin/register/publicsummary/{application.pk}/change/",
        {"public_summary": "   ", "public_summary_en": ""}, follow=True,
    )

    page = response.content.decode()
    assert "ne peut pas être vide" in page
    assert "avec succès" not in page
    application.refresh_from_db()
    assert application.public_summary == "Texte."
