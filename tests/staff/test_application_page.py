"""The application's admin page: read-only as written, its history, trail, messages, the
committee's scorecards once scoring closes, and the decision form calling applications.decisions."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, StatusChange
from applications.models import ApplicationStatus as S
from programs.models import GrantTier
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.organismes.factories import member_of
from tests.staff.factories import signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


def page_of(client, application) -> str:
    response = client.get(reverse("admin:applications_application_change", args=[application.pk]))
    assert response.status_code == 200
    return response.content.decode()


def decide(client, application, **data):
    return client.post(reverse("admin:applications_application_decide", args=[application.pk]), data)


def test_page_shows_the_application_read_only_with_its_documents_history_trail_and_messages(client):
    signed_in_team(client)
    application = submitted_application(
        "AMO-2026-0100", status=S.IN_REVIEW, need="Nos ordinateurs ont dix ans.", amount_requested=Decimal(4000)
    )
    member_of(application.organisme)
    AttachmentFactory(application=application, original_name="devis.pdf")
    StatusChange.objects.create(application=application, from_status=S.SUBMITTED, to_status=S.IN_REVIEW, internal_note="Comité X")
    decide(client, application, decision="waitlist", reason="")
    html = page_of(client, application)
    assert "Nos ordinateurs ont dix ans." in html and "devis.pdf" in html
    assert 'name="need"' not in html and 'name="_save"' not in html  # nothing to edit, no save button
    assert "historique des statuts" in html.lower() and "Comité X" in html
    assert "application.waitlisted" in html  # audit trail
    assert "Votre demande AMO-2026-0100 est sur la liste" in html  # the decision e-mail, in the messages section


def test_award_through_the_decision_form(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0101", status=S.IN_REVIEW, amount_requested=Decimal(4000))
    assert "Enregistrer la décision" in page_of(client, application)
    response = decide(client, application, decision="award", amount="3500")
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == S.AWARDED and application.amount_awarded == Decimal(3500)


def test_a_full_quota_is_shown_in_french_and_nothing_is_saved(client):
    signed_in_team(client)
    GrantTier.objects.filter(code="amorcage").update(quota=1)
    submitted_application("AMO-2026-0102", status=S.AWARDED, amount_awarded=Decimal(4000), amount_requested=Decimal(4000))
    application = submitted_application("AMO-2026-0103", status=S.IN_REVIEW, amount_requested=Decimal(4000))
    response = decide(client, application, decision="award", amount="4000")
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("sont toutes accordées" in text for text in texts), texts
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.amount_awarded is None
    assert not application.status_changes.exists()


def test_a_decline_without_reason_is_refused(client):
    signed_in_team(client)
    application = submitted_application("AMO-2026-0104", status=S.IN_REVIEW)
    response = decide(client, application, decision="decline", reason="")
    assert "Expliquez à l'organisme le motif du refus." in [str(m) for m in get_messages(response.wsgi_request)]
    assert Application.objects.get(pk=application.pk).status == S.IN_REVIEW


def test_scorecards_appear_only_once_scoring_closes(client):
    signed_in_team(client)
    committee = CommitteeFactory()
    assignment = assign(committee, number="AMO-2026-0105", submitted_at=timezone.now())
    seated = members(committee)
    scorecard(assignment, seated[0], [4, 4, 4, 4], comment="Projet solide et réaliste.")
    html = page_of(client, assignment.application)
    assert "une fois l'évaluation close" in html and "Projet solide et réaliste." not in html

    committee.scoring_deadline = timezone.localdate() - timedelta(days=1)
    committee.save()
    html = page_of(client, assignment.application)
    assert "Projet solide et réaliste." in html and "Moyenne pondérée" in html
