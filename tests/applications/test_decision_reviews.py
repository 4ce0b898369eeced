"""Demandes de révision: the 30-day window (day 30 in, day 31 out), the responsible person only,
a handler independent of the decision, both outcomes, the organisme told at each step, the staff
queue with its deadlines, and the counts on the public process page."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import decisions, services
from applications.decision_reviews import services as reviews
from applications.decision_reviews.models import DecisionReview, ReviewOutcome
from applications.decision_reviews.selectors import pending_reviews
from applications.models import ApplicationStatus, StatusChange
from committees.models import Seat, SeatKind
from dataide.audit.models import AuditEvent
from dataide.audit.rendering import describe
from dataide.outbox.models import OutboxMessage
from organismes.models import MembershipRole
from tests.committees.factories import CommitteeFactory, assign, members
from tests.factories import ApplicationFactory, StaffUserFactory
from tests.helpers import login_staff
from tests.organismes.factories import member_of
from tests.staff.factories import submitted_application

pytestmark = pytest.mark.django_db


def _declined(days_ago=0):
    """Declined by `decider` after its committee's scoring, `days_ago` calendar days ago (at noon,
    Quebec time: counting back in hours would cross a change of time and land on the wrong date
    near midnight)."""
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    application = assign(committee, number="AMO-2026-0500", submitted_at=timezone.now()).application
    responsible = member_of(application.organisme)
    decider = StaffUserFactory()
    decisions.decline_application(actor=decider, application=application, reason="Le budget n'est pas justifié.")
    if days_ago:
        StatusChange.objects.filter(application=application, to_status="declined").update(
            created_at=timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=days_ago), time(12)))
        )
    application.refresh_from_db()
    return application, responsible, decider


def _ask(application, actor):
    return reviews.request_review(actor=actor, application=application, reason="Notre budget était joint en annexe.")


def test_day_30_is_accepted():
    application, responsible, _decider = _declined(days_ago=30)
    review = _ask(application, responsible)
    assert review.decision.to_status == "declined"
    assert OutboxMessage.objects.filter(template="decision_review_received").count() == 1
    assert AuditEvent.objects.filter(action="decision_review.requested").count() == 1


def test_day_31_is_refused():
    application, responsible, _decider = _declined(days_ago=31)
    with pytest.raises(ValidationError) as error:
        _ask(application, responsible)
    assert error.value.code == "too_late"
    assert not DecisionReview.objects.exists()


def test_an_ineligibility_decision_can_be_reviewed_and_sent_back_to_screening_end():
    application = submitted_application("AMO-2026-0501")
    responsible = member_of(application.organisme)
    screener = StaffUserFactory()
    services.screen_application(actor=screener, application=application, eligible=False, message="Hors région.")
    review = _ask(application, responsible)
    with pytest.raises(PermissionDenied):
        reviews.resolve_review(actor=screener, review=review, outcome=ReviewOutcome.SENT_BACK, response="Oui.")
    reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.SENT_BACK, response="Région corrigée.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ELIGIBLE


def test_collaborators_cannot_ask_and_a_decision_is_reviewed_once():
    application, responsible, _decider = _declined()
    collaborator = member_of(application.organisme, role=MembershipRole.COLLABORATOR)
    with pytest.raises(PermissionDenied):
        _ask(application, collaborator)
    _ask(application, responsible)
    with pytest.raises(ValidationError) as error:
        _ask(application, responsible)
    assert error.value.code == "already_requested"


def test_the_decider_and_the_committees_members_cannot_handle_it():
    application, responsible, decider = _declined()
    review = _ask(application, responsible)
    # The committee's DATAide seat: staff who may handle reviews, but judged this application.
    seated_staff = StaffUserFactory()
    Seat.objects.filter(committee=application.committee_assignment.committee, kind=SeatKind.DATAIDE_TEAM).update(user=seated_staff)
    assert seated_staff.has_perm("applications.review_decision")
    for actor in (decider, seated_staff, *members(application.committee_assignment.committee)):
        with pytest.raises(PermissionDenied):
            reviews.resolve_review(actor=actor, review=review, outcome=ReviewOutcome.UPHELD, response="Maintenue.")
    review.refresh_from_db()
    assert review.is_pending


def test_upheld_keeps_the_decision_and_tells_the_organisme():
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.UPHELD, response="Le budget reste flou.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    message = OutboxMessage.objects.get(template="decision_review_resolved")
    assert "Le budget reste flou." in message.body_text and "maintenue" in message.body_text
    with pytest.raises(ValidationError):
        reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.SENT_BACK, response="Non.")


def test_sent_back_returns_the_application_to_its_committee():
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.SENT_BACK, response="Le comité revoit le budget.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.decided_by is None and application.decision_reason == ""
    assert application.status_changes.last().message == "Le comité revoit le budget."


def test_sent_back_is_refused_while_another_application_of_the_tier_is_open():
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    ApplicationFactory(organisme=application.organisme, tier=application.tier, status=ApplicationStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.SENT_BACK, response="Renvoyée.")
    assert error.value.code == "other_open_application"


def test_the_organisme_asks_from_its_page_and_sees_each_step(client):
    application, responsible, _decider = _declined(days_ago=2)
    client.force_login(responsible)
    detail = reverse("applications:detail", args=[application.pk])
    ask_url = reverse("applications:request_review", args=[application.pk])
    assert ask_url in client.get(detail).content.decode()
    assert client.post(ask_url, {"reason": ""}).status_code == 200  # a clear message, nothing lost
    assert client.post(ask_url, {"reason": "Le budget était joint."}).status_code == 302
    page = client.get(detail).content.decode()
    assert "en cours d&#x27;examen" in page or "en cours d'examen" in page
    assert ask_url not in page
    review = DecisionReview.objects.get()
    reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.UPHELD, response="Décision confirmée.")
    assert "Décision confirmée." in client.get(detail).content.decode()


def test_staff_queue_shows_age_and_days_left_in_flat_queries(django_assert_num_queries):
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    DecisionReview.objects.filter(pk=review.pk).update(requested_at=timezone.now() - timedelta(days=10))
    with django_assert_num_queries(1):
        count, rows = pending_reviews(None)
    assert count == 1 and rows[0].age == 10 and rows[0].days_left == 20


def test_the_staff_page_answers(client):
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    staff = StaffUserFactory()
    login_staff(client, staff)
    url = reverse("committees:decision_review", args=[review.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"outcome": "upheld", "response": "Maintenue après relecture."}).status_code == 302
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.UPHELD and review.handled_by == staff


def test_public_counts_follow_the_small_number_rule(client):
    url = reverse("register:process")
    for number in range(5):
        application, responsible, _decider = _declined()
        application.number = f"AMO-2026-06{number:02d}"
        application.save(update_fields=["number"])
        review = _ask(application, responsible)
        if number < 2:
            reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.UPHELD, response="Non.")
        if number == 3:
            page = client.get(url).content.decode()
            assert 'data-testid="reviews-requested">&lt; 5<' in page
    page = client.get(url).content.decode()
    assert 'data-testid="reviews-requested">5<' in page
    assert 'data-testid="reviews-upheld">&lt; 5<' in page  # 2 is under the rule
    assert 'data-testid="reviews-sent_back">0<' in page


def test_the_audit_sentence_names_the_outcome_by_its_label():
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=ReviewOutcome.UPHELD, response="Maintenue.")
    event = AuditEvent.objects.get(action="decision_review.resolved")
    assert event.data["outcome"] == "upheld"
    assert "(Décision maintenue)" in describe(event)
