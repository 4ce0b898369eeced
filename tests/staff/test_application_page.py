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
    assert "Mise sur la liste d&#x27;attente par " in html  # audit trail, as a sentence
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


def _committee_still_scoring(application_kwargs=None):
    """A committee before its deadline with one application scored by one member of four."""
    committee = CommitteeFactory(name="Comité Montréal A")
    assignment = assign(committee, amount_requested=Decimal(4000), **(application_kwargs or {}))
    scorecard(assignment, members(committee)[0], [4, 4, 4, 4])
    return committee, assignment


def test_deciding_from_the_admin_while_members_still_score_is_refused(client):
    signed_in_team(client)
    committee, assignment = _committee_still_scoring()
    application = assignment.application
    response = decide(client, application, decision="award", amount="4000")
    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Le comité « Comité Montréal A » évalue encore cette demande" in text for text in texts), texts
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.amount_awarded is None
    assert not application.status_changes.exists()

    for other in members(committee)[1:]:  # every expected scorecard in: scoring is over
        scorecard(assignment, other, [3, 3, 3, 3])
    decide(client, application, decision="award", amount="4000")
    application.refresh_from_db()
    assert application.status == S.AWARDED


def test_the_committee_results_page_decides_once_scoring_is_closed(client):
    signed_in_team(client)
    committee, assignment = _committee_still_scoring()
    url = reverse("committees:decide", args=[committee.pk, assignment.application.pk])
    response = client.post(url, {"decision": "decline", "reason": "Hors du cadre du volet."})
    assert response.status_code == 400 and "évalue encore cette demande" in response.content.decode()

    committee.scoring_deadline = timezone.localdate() - timedelta(days=1)
    committee.save(update_fields=["scoring_deadline"])
    assert client.post(url, {"decision": "decline", "reason": "Hors du cadre du volet."}).status_code == 302
    assert Application.objects.get(pk=assignment.application.pk).status == S.DECLINED


def test_both_decision_screens_apply_the_same_amount_rule(client):
    """The service alone judges the amount: 50 cents is a valid award on both screens (the
    committee form once refused anything under 1 $), 0 $ is refused on both with its message."""
    signed_in_team(client)
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    on_committee_page = assign(committee, amount_requested=Decimal(4000)).application
    on_admin_page = assign(committee, amount_requested=Decimal(4000)).application
    committee_url = reverse("committees:decide", args=[committee.pk, on_committee_page.pk])

    refused = "Le montant accordé doit être supérieur à 0 $."
    assert refused in client.post(committee_url, {"decision": "award", "amount": "0"}).content.decode()
    admin_response = decide(client, on_admin_page, decision="award", amount="0")
    assert refused in [str(message) for message in get_messages(admin_response.wsgi_request)]

    assert client.post(committee_url, {"decision": "award", "amount": "0.50"}).status_code == 302
    decide(client, on_admin_page, decision="award", amount="0.50")
    for application in (on_committee_page, on_admin_page):
        application.refresh_from_db()
        assert (application.status, application.amount_awarded) == (S.AWARDED, Decimal("0.50"))


def test_the_admin_offers_the_decisions_the_status_allows(client):
    signed_in_team(client)
    awarded = submitted_application("AMO-2026-0110", status=S.AWARDED, amount_awarded=Decimal(4000))
    html = page_of(client, awarded)
    assert "Annuler la bourse" in html and "Accorder la bourse" not in html
    decide(client, awarded, decision="cancel", reason="L'organisme renonce au projet.")
    awarded.refresh_from_db()
    assert awarded.status == S.IN_REVIEW and awarded.amount_awarded is None
    assert "Enregistrer la décision" not in page_of(client, submitted_application("AMO-2026-0111"))


def test_award_amounts_typed_the_quebec_way_are_accepted_on_both_screens(client):
    signed_in_team(client)
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    on_committee_page = assign(committee, amount_requested=Decimal(5000)).application
    on_admin_page = assign(committee, amount_requested=Decimal(5000)).application
    committee_url = reverse("committees:decide", args=[committee.pk, on_committee_page.pk])

    assert client.post(committee_url, {"decision": "award", "amount": "4\u202f200,50 $"}).status_code == 302
    decide(client, on_admin_page, decision="award", amount="1 200")
    on_committee_page.refresh_from_db()
    on_admin_page.refresh_from_db()
    assert on_committee_page.amount_awarded == Decimal("4200.50")
    assert on_admin_page.amount_awarded == Decimal("1200")
