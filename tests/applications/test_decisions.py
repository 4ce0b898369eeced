"""The decision service: amounts, quota, envelope, waitlist, cancellation, e-mails, and the quota
and envelope held under real concurrent transactions on PostgreSQL."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.decisions import (
    award_application,
    cancel_award,
    decline_application,
    waitlist_application,
)
from applications.models import AWARDED_STATUSES, Application, StatusChange
from applications.models import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    StaffUserFactory,
    UserFactory,
    tier,
)
from tests.helpers import at_the_same_moment


def in_review(**kwargs):
    kwargs.setdefault("status", S.IN_REVIEW)
    return ApplicationFactory(**kwargs)


def leave_places(grant_tier, places, *, amount=Decimal("4000")):
    """Fill the tier so that exactly `places` awards remain."""
    for _ in range(2):
        ApplicationFactory(tier=grant_tier, status=S.AWARDED, amount_requested=amount, amount_awarded=amount)
    grant_tier.quota = 2 + places
    grant_tier.save(update_fields=["quota"])


def error_code(excinfo):
    return excinfo.value.code


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.mark.django_db
def test_award_records_the_decision_and_queues_the_letter(staff):
    membership = MembershipFactory()
    application = in_review(organisme=membership.organisme, number="AMO-2026-0001")

    award_application(actor=staff, application=application, amount=Decimal("3500"))

    application.refresh_from_db()
    assert (application.status, application.amount_awarded, application.decided_by) == (S.AWARDED, Decimal("3500"), staff)
    assert application.decided_at is not None
    assert StatusChange.objects.filter(application=application, to_status=S.AWARDED).exists()
    assert AuditEvent.objects.for_object(application).filter(action="application.awarded", data__amount="3500.00").exists()
    message = OutboxMessage.objects.get(template="decision_awarded")
    assert message.recipient_email == membership.user.email
    assert message.attachments == [{"kind": "award_letter", "id": application.pk}]
    assert "3\u00a0500\u00a0$" in message.body_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "requested,amount,code",
    [
        ("4000", "4000.01", "amount_above_requested"),
        ("6000", "5500", "amount_above_tier_max"),
        ("4000", "0", "amount_not_positive"),
        ("4000", "abc", "amount_invalid"),
    ],
)
def test_award_amount_rules(staff, requested, amount, code):
    application = in_review(amount_requested=Decimal(requested))
    with pytest.raises(ValidationError) as excinfo:
        award_application(actor=staff, application=application, amount=amount)
    assert error_code(excinfo) == code
    application.refresh_from_db()
    assert application.status == S.IN_REVIEW and application.amount_awarded is None


@pytest.mark.django_db
def test_award_refused_when_the_quota_is_reached(staff):
    grant_tier = tier()
    leave_places(grant_tier, 0)
    application = in_review()
    with pytest.raises(ValidationError) as excinfo:
        award_application(actor=staff, application=application, amount=Decimal("1000"))
    assert error_code(excinfo) == "quota_exhausted"
    assert "bourses" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_award_refused_beyond_the_budget_envelope(staff):
    grant_tier = tier()
    leave_places(grant_tier, 5)
    grant_tier.budget_envelope = Decimal("10000")  # 8 000 $ already awarded
    grant_tier.save(update_fields=["budget_envelope"])
    with pytest.raises(ValidationError) as excinfo:
        award_application(actor=staff, application=in_review(), amount=Decimal("2000.01"))
    assert error_code(excinfo) == "budget_exhausted"
    award_application(actor=staff, application=in_review(), amount=Decimal("2000"))


@pytest.mark.django_db
def test_only_applications_in_review_or_waitlisted_can_be_awarded(staff):
    with pytest.raises(ValidationError) as excinfo:
        award_application(actor=staff, application=ApplicationFactory(status=S.ELIGIBLE), amount=100)
    assert error_code(excinfo) == "invalid_transition"
    waitlisted = in_review()
    waitlist_application(actor=staff, application=waitlisted)
    award_application(actor=staff, application=waitlisted, amount=100)
    assert Application.objects.get(pk=waitlisted.pk).status == S.AWARDED


@pytest.mark.django_db
def test_decline_needs_a_reason_and_sends_it(staff):
    membership = MembershipFactory()
    application = in_review(organisme=membership.organisme)
    with pytest.raises(ValidationError) as excinfo:
        decline_application(actor=staff, application=application, reason="   ")
    assert error_code(excinfo) == "reason_required"

    decline_application(actor=staff, application=application, reason="Le projet sort du cadre du volet.")
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == (S.DECLINED, "Le projet sort du cadre du volet.")
    assert "Le projet sort du cadre du volet." in OutboxMessage.objects.get(template="decision_declined").body_text


@pytest.mark.django_db
def test_emails_go_out_in_the_organisme_language(staff):
    membership = MembershipFactory(organisme__preferred_language="en")
    application = in_review(organisme=membership.organisme, number="AMO-2026-0042")
    waitlist_application(actor=staff, application=application)
    message = OutboxMessage.objects.get(template="decision_waitlisted")
    assert message.language == "en"
    assert "/en/" in message.context["application_url"]


@pytest.mark.django_db
def test_cancel_frees_the_place_and_proposes_the_oldest_waitlisted(staff):
    grant_tier = tier()
    leave_places(grant_tier, 1)
    awarded = in_review()
    award_application(actor=staff, application=awarded, amount=Decimal("4000"))
    first_waiting, second_waiting = in_review(), in_review()
    waitlist_application(actor=staff, application=first_waiting)
    waitlist_application(actor=staff, application=second_waiting)
    with pytest.raises(ValidationError):
        award_application(actor=staff, application=first_waiting, amount=Decimal("4000"))

    proposed = cancel_award(actor=staff, application=awarded, reason="L'organisme renonce au projet.")

    assert proposed == first_waiting
    awarded.refresh_from_db()
    assert (awarded.status, awarded.amount_awarded) == (S.IN_REVIEW, None)
    event = AuditEvent.objects.for_object(awarded).filter(action="application.in_review").get()
    assert event.data["proposed_next"] == first_waiting.pk
    award_application(actor=staff, application=proposed, amount=Decimal("4000"))


@pytest.mark.django_db
def test_a_user_without_the_permission_cannot_decide():
    with pytest.raises(PermissionDenied):
        award_application(actor=UserFactory(), application=in_review(), amount=100)


# --- Concurrency ---------------------------------------------------------------------------

THREADS = 20


def _award_all_at_once(staff, applications, amount):
    outcomes = at_the_same_moment(
        lambda application: award_application(actor=staff, application=application, amount=amount), applications
    )
    return ["awarded" if isinstance(outcome, Application) else outcome for outcome in outcomes]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_quota():
    staff = StaffUserFactory()
    grant_tier = tier()
    leave_places(grant_tier, 2)
    applications = [in_review() for _ in range(THREADS)]

    outcomes = _award_all_at_once(staff, applications, Decimal("1000"))

    assert outcomes.count("awarded") == 2
    assert outcomes.count("quota_exhausted") == THREADS - 2
    assert Application.objects.filter(tier=grant_tier, status__in=AWARDED_STATUSES).count() == grant_tier.quota


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_never_exceed_the_budget_envelope():
    staff = StaffUserFactory()
    grant_tier = tier()
    leave_places(grant_tier, 100)  # places are plenty: the envelope is the limit
    grant_tier.budget_envelope = Decimal("8000") + 2 * Decimal("3000")
    grant_tier.save(update_fields=["budget_envelope"])
    applications = [in_review() for _ in range(THREADS)]

    outcomes = _award_all_at_once(staff, applications, Decimal("3000"))

    assert outcomes.count("awarded") == 2
    assert outcomes.count("budget_exhausted") == THREADS - 2
    awarded = Application.objects.filter(tier=grant_tier, status__in=AWARDED_STATUSES)
    assert sum(a.amount_awarded for a in awarded) == grant_tier.budget_envelope
