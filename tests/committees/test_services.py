from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import ApplicationStatus as S
from committees import services
from committees.models import ConflictDeclaration, Scorecard, ScorecardStatus, SeatKind
from committees.services import Mark, SeatSpec
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from programs.models import CentraideOffice, TierCode
from tests.committees.factories import CommitteeFactory, assign, members, seat_member
from tests.factories import (
    ApplicationFactory,
    OrganismeFactory,
    StaffUserFactory,
    UserFactory,
    region,
    tier,
)


@pytest.fixture
def staff(db):
    return StaffUserFactory()


@pytest.mark.django_db
def test_seat_rules_are_named_in_french():
    montreal = region("06")
    regional = UserFactory()
    CentraideOffice.objects.get(name="Centraide Estrie").staff.add(regional)  # covers 05, not 06
    seats = [SeatSpec(SeatKind.DATAIDE_TEAM, UserFactory()), SeatSpec(SeatKind.REGIONAL_CENTRAIDE, regional)]
    errors = services.seat_rule_errors(region=montreal, seats=seats + [SeatSpec(SeatKind.DATAIDE_TEAM, seats[0].user)])
    assert "Un comité compte exactement quatre sièges, un de chaque type : celui-ci en a 3." in errors
    assert "Il manque le siège « Organisation spécialisée en TI »." in errors
    assert "Le siège « Équipe DATAide (Centraide du Grand Montréal) » est en double." in errors
    assert any("ne peut occuper qu'un siège" in error for error in errors)
    assert any("doit faire partie du personnel d'un Centraide qui dessert la région 06 – Montréal" in e for e in errors)


@pytest.mark.django_db
def test_a_complete_committee_is_valid():
    committee = CommitteeFactory()
    services.validate_committee(committee)


@pytest.mark.django_db
def test_assignment_moves_applications_and_notifies_each_member_once(staff):
    committee = CommitteeFactory()
    applications = [
        ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region)) for _ in range(3)
    ]
    services.assign_applications(actor=staff, committee=committee, applications=applications)

    assert {a.status for a in type(applications[0]).objects.filter(pk__in=[a.pk for a in applications])} == {S.IN_REVIEW}
    messages = OutboxMessage.objects.filter(template="committee_assignment")
    assert sorted(messages.values_list("recipient_email", flat=True)) == sorted(m.email for m in members(committee))
    assert "3 demandes ont été confiées" in messages.first().body_text
    assert AuditEvent.objects.for_object(committee).filter(action="committee.applications_assigned").exists()


@pytest.mark.django_db
def test_assignment_refuses_other_regions_tiers_and_statuses_all_or_nothing(staff):
    committee = CommitteeFactory()
    good = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region))
    other_region = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=region("05")))
    other_tier = ApplicationFactory(
        status=S.ELIGIBLE, tier=tier(TierCode.INNOVATION), organisme=OrganismeFactory(region=committee.region)
    )
    draft = ApplicationFactory(status=S.DRAFT, organisme=OrganismeFactory(region=committee.region))
    with pytest.raises(ValidationError) as excinfo:
        services.assign_applications(
            actor=staff, committee=committee, applications=[good, other_region, other_tier, draft]
        )
    text = " ".join(excinfo.value.messages)
    assert "n'est pas de la région du comité" in text
    assert "d'un volet que ce comité n'évalue pas" in text
    assert "n'est pas admissible" in text
    good.refresh_from_db()
    assert good.status == S.ELIGIBLE and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_declared_conflict_is_audited_and_alerts_staff():
    committee = CommitteeFactory()
    assignment = assign(committee)
    member = members(committee)[0]
    services.declare_conflict(actor=member, assignment=assignment, has_conflict=True, note="J'y suis bénévole.")

    assert AuditEvent.objects.for_object(assignment.application).filter(
        action="committee.conflict_declared", actor=member
    ).exists()
    alert = OutboxMessage.objects.get(template="conflict_declared")
    assert alert.recipient_email == "dataide@centraide-mtl.org" and "J'y suis bénévole." in alert.body_text
    with pytest.raises(ValidationError):
        services.declare_conflict(actor=member, assignment=assignment, has_conflict=False)
    assert ConflictDeclaration.objects.get().has_conflict


def _marks(card, values):
    criteria = list(card.criteria_set.criteria.order_by("position"))
    return {c.pk: Mark(score=None if v == "na" else v, not_applicable=v == "na") for c, v in zip(criteria, values, strict=False)}


@pytest.mark.django_db
def test_submission_requires_every_criterion_and_locks_the_scorecard():
    committee = CommitteeFactory()
    assignment = assign(committee)
    member = members(committee)[0]
    card = services.start_scorecard(actor=member, assignment=assignment)
    assert card.criteria_set == assignment.application.tier.current_criteria_set

    services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [4, None, None, None]),
                            recommendation="", general_comment="", submit=False)
    with pytest.raises(ValidationError) as excinfo:
        services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [4, None, "na", 3]),
                                recommendation="", general_comment="", submit=True)
    assert set(excinfo.value.message_dict) == {f"score_{list(_marks(card, [0]*4))[1]}", "recommendation"}

    services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [4, 3, "na", 2]),
                            recommendation="fund", general_comment="Bon projet.", submit=True)
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED and card.submitted_at
    with pytest.raises(ValidationError) as excinfo:
        services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [0, 0, 0, 0]),
                                recommendation="do_not_fund", general_comment="", submit=False)
    assert excinfo.value.code == "submitted"
    assert card.scores.get(criterion__position=1).score == 4


@pytest.mark.django_db
def test_scoring_closes_after_the_deadline():
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    assignment = assign(committee)
    member = members(committee)[0]
    card = Scorecard.objects.create(assignment=assignment, member=member, criteria_set=assignment.application.tier.current_criteria_set)
    with pytest.raises(ValidationError) as excinfo:
        services.save_scorecard(actor=member, scorecard=card, marks={}, recommendation="", general_comment="", submit=False)
    assert excinfo.value.code == "deadline_passed"


@pytest.mark.django_db
def test_reminder_three_days_before_goes_once_to_members_with_scorecards_left():
    from tests.committees.factories import scorecard

    today = timezone.localdate()
    committee = CommitteeFactory(scoring_deadline=today + timedelta(days=3))
    later = CommitteeFactory(scoring_deadline=today + timedelta(days=10))
    assign(later)
    first, second = assign(committee), assign(committee)
    done, conflicted, *others = members(committee)
    scorecard(first, done, [3, 3, 3, 3])
    scorecard(second, done, [3, 3, 3, 3])
    services.declare_conflict(actor=conflicted, assignment=first, has_conflict=True)

    assert services.send_scoring_reminders(today=today) == 3
    assert services.send_scoring_reminders(today=today) == 0
    reminders = OutboxMessage.objects.filter(template="scoring_deadline_reminder")
    assert done.email not in reminders.values_list("recipient_email", flat=True)
    assert "Il vous reste 1 grille" in reminders.get(recipient_email=conflicted.email).body_text
    assert "Il vous reste 2 grilles" in reminders.get(recipient_email=others[0].email).body_text


@pytest.mark.django_db
def test_seats_saved_gives_the_committee_role(staff):
    from django.db import transaction

    from dataide.accounts.roles import Role

    committee = CommitteeFactory(seated=False)
    for kind in SeatKind:
        seat_member(committee, kind, user=UserFactory())
    with transaction.atomic():
        services.seats_saved(actor=staff, committee=committee)
    assert all(member.has_role(Role.COMMITTEE_MEMBER) for member in members(committee))
