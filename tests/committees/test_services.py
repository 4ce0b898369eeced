from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from applications.models import ApplicationStatus as S
from committees import selectors, services
from committees.aggregation import CriterionMark, weighted_mean, weighted_sums
from committees.models import Assignment, Committee, ConflictDeclaration, Scorecard, ScorecardStatus, SeatKind
from committees.services import Mark, SeatSpec
from dataide.accounts.roles import Role
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from programs.models import CentraideOffice, TierCode
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import (
    ApplicationFactory,
    OrganismeFactory,
    StaffUserFactory,
    UserFactory,
    region,
    tier,
)
from tests.staff.factories import ESTRIE, regional_staff


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
    services.declare_conflict(
        actor=member, assignment=assignment, has_conflict=True, reason="other", note="J'y suis bénévole."
    )

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
    declare(assignment, member)
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
    declare(assignment, member)
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
    services.declare_conflict(actor=conflicted, assignment=first, has_conflict=True, reason="board")

    assert services.send_scoring_reminders(today=today) == 3
    assert services.send_scoring_reminders(today=today) == 0
    reminders = OutboxMessage.objects.filter(template="scoring_deadline_reminder")
    assert done.email not in reminders.values_list("recipient_email", flat=True)
    assert "Il vous reste 1 grille" in reminders.get(recipient_email=conflicted.email).body_text
    assert "Il vous reste 2 grilles" in reminders.get(recipient_email=others[0].email).body_text


# --- Configuration through the service ---------------------------------------------------------


def _seats(region_code="06"):
    """Four valid seats for a committee of `region_code`, held by people without any role yet."""
    people = {kind: UserFactory() for kind in SeatKind}
    CentraideOffice.objects.filter(regions__code=region_code).first().staff.add(people[SeatKind.REGIONAL_CENTRAIDE])
    return [SeatSpec(kind, user, f"Organisation {index}") for index, (kind, user) in enumerate(people.items())]


def _new_committee(**fields):
    fields = {"name": "Comité Montréal automne", "region": region("06"), "scoring_deadline": timezone.localdate(), **fields}
    return Committee(**fields)


@pytest.mark.django_db
def test_a_committee_is_created_with_its_seats_audited_and_its_members_get_the_role(staff):
    seats = _seats()
    committee = services.save_committee(actor=staff, committee=_new_committee(), tiers=[tier()], seats=seats)

    assert {(seat.kind, seat.user_id) for seat in committee.seats.all()} == {(s.kind, s.user.pk) for s in seats}
    assert all(seat.user.has_role(Role.COMMITTEE_MEMBER) for seat in seats)
    event = AuditEvent.objects.for_object(committee).get()
    assert (event.action, event.actor, event.data["old"]) == ("committee.created", staff, {})
    assert event.data["new"]["tiers"] == ["amorcage"] and event.data["new"]["quorum"] == 3
    assert event.data["new"]["seats"][SeatKind.IT_ORGANISATION] == {"user": seats[2].user.pk, "organisation": "Organisation 2"}


@pytest.mark.django_db
def test_a_change_of_configuration_records_the_old_and_new_values_of_what_changed(staff):
    seats = _seats()
    committee = services.save_committee(actor=staff, committee=_new_committee(), tiers=[tier()], seats=seats)
    deadline = committee.scoring_deadline
    # Two people swap seats (never two seats for one person halfway) and the deadline moves.
    it, community = seats[2], seats[3]
    swapped = [*seats[:2], SeatSpec(it.kind, community.user, "TI"), SeatSpec(community.kind, it.user, "Quartier")]
    committee = Committee.objects.get(pk=committee.pk)
    committee.scoring_deadline = deadline + timedelta(days=7)
    services.save_committee(actor=staff, committee=committee, tiers=[tier()], seats=swapped)

    assert committee.seats.get(kind=SeatKind.IT_ORGANISATION).user == community.user
    event = AuditEvent.objects.for_object(committee).get(action="committee.changed")
    assert set(event.data["old"]) == set(event.data["new"]) == {"scoring_deadline", "seats"}
    assert (event.data["old"]["scoring_deadline"], event.data["new"]["scoring_deadline"]) == (
        deadline.isoformat(), (deadline + timedelta(days=7)).isoformat(),
    )
    assert event.data["old"]["seats"][SeatKind.IT_ORGANISATION]["user"] == it.user.pk
    assert event.data["new"]["seats"][SeatKind.IT_ORGANISATION]["user"] == community.user.pk

    services.save_committee(actor=staff, committee=committee, tiers=[tier()], seats=swapped)  # nothing changed
    assert AuditEvent.objects.for_object(committee).count() == 2


@pytest.mark.django_db
def test_the_service_keeps_the_seat_rules(staff):
    seats = _seats(region_code="05")  # the regional seat is held by staff of Centraide Estrie
    with pytest.raises(ValidationError) as excinfo:
        services.save_committee(actor=staff, committee=_new_committee(), tiers=[tier()], seats=seats[:3])
    assert {error.code for error in excinfo.value.error_list} == {"committee_invalid"}
    text = " ".join(excinfo.value.messages)
    assert "Il manque le siège « Organisme communautaire »." in text and "dessert la région 06 – Montréal" in text
    assert not Committee.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_regional_staff_and_members_do_not_configure_committees():
    committee = CommitteeFactory()
    estrie_staff = regional_staff(ESTRIE)
    estrie_staff.user_permissions.add(*Permission.objects.filter(codename__in=["add_committee", "change_committee"]))
    member = members(committee)[0]
    for actor in (estrie_staff, member):
        actor = type(actor).objects.get(pk=actor.pk)  # fresh permission cache
        committee.quorum = 2
        with pytest.raises(PermissionDenied):
            services.save_committee(actor=actor, committee=committee, tiers=[tier()], seats=_seats())
    # Even holding the permission, regional staff do not move a committee into their region.
    estrie = type(estrie_staff).objects.get(pk=estrie_staff.pk)
    with pytest.raises(PermissionDenied):
        services.save_committee(actor=estrie, committee=_new_committee(), tiers=[tier()], seats=_seats())
    assert Committee.objects.get(pk=committee.pk).quorum == 3


# --- Every service checks its actor ---------------------------------------------------------------


@pytest.mark.django_db
def test_assignment_needs_the_dataide_team_and_a_committee_of_the_actors_regions():
    committee = CommitteeFactory()
    application = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region))
    estrie_staff = regional_staff(ESTRIE)
    estrie_staff.user_permissions.add(Permission.objects.get(codename="change_committee"))
    for actor in (members(committee)[0], type(estrie_staff).objects.get(pk=estrie_staff.pk)):
        with pytest.raises(PermissionDenied):
            services.assign_applications(actor=actor, committee=committee, applications=[application])
    application.refresh_from_db()
    assert application.status == S.ELIGIBLE and not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_only_the_committees_members_declare_conflicts():
    assignment = assign(CommitteeFactory())
    outsider = members(CommitteeFactory())[0]
    with pytest.raises(PermissionDenied):
        services.declare_conflict(actor=outsider, assignment=assignment, has_conflict=False)
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.django_db
def test_scorecards_are_written_by_seated_members_who_declared_no_conflict_before_the_deadline():
    committee = CommitteeFactory()
    assignment = assign(committee)
    member, conflicted = members(committee)[:2]
    outsider = members(CommitteeFactory())[0]

    with pytest.raises(PermissionDenied):
        services.start_scorecard(actor=outsider, assignment=assignment)
    with pytest.raises(ValidationError) as excinfo:
        services.start_scorecard(actor=member, assignment=assignment)
    assert excinfo.value.code == "conflict_not_declared"

    # A draft, then a conflict declared: the draft can no longer be started nor saved.
    declare(assignment, conflicted)
    card = services.start_scorecard(actor=conflicted, assignment=assignment)
    services.declare_conflict(actor=conflicted, assignment=assignment, has_conflict=True, reason="family")
    with pytest.raises(PermissionDenied):
        services.start_scorecard(actor=conflicted, assignment=assignment)
    with pytest.raises(PermissionDenied):
        services.save_scorecard(actor=conflicted, scorecard=card, marks=_marks(card, [5, 5, 5, 5]),
                                recommendation="fund", general_comment="", submit=True)
    with pytest.raises(PermissionDenied):  # nor by anyone else
        services.save_scorecard(actor=member, scorecard=card, marks={}, recommendation="", general_comment="", submit=False)
    card.refresh_from_db()
    assert card.status == ScorecardStatus.DRAFT and not card.scores.exists()

    declare(assignment, member)
    Committee.objects.filter(pk=committee.pk).update(scoring_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError) as excinfo:
        services.start_scorecard(actor=member, assignment=Assignment.objects.get(pk=assignment.pk))
    assert excinfo.value.code == "deadline_passed"
    assert not Scorecard.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_submission_stores_the_sums_the_results_rank_on():
    """The weighted total and the weight stored at submission are what the scores recompute to:
    « sans objet » left out of both; a draft stores nothing."""
    committee = CommitteeFactory()
    assignment = assign(committee)
    member = members(committee)[0]
    declare(assignment, member)
    card = services.start_scorecard(actor=member, assignment=assignment)
    services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [4, 3, None, None]),
                            recommendation="", general_comment="", submit=False)
    card.refresh_from_db()
    assert (card.weighted_total, card.total_weight) == (None, None)

    services.save_scorecard(actor=member, scorecard=card, marks=_marks(card, [4, 3, "na", 2]),
                            recommendation="fund", general_comment="", submit=True)
    card.refresh_from_db()
    recomputed = weighted_sums(
        CriterionMark(weight=row.criterion.weight, score=row.score, not_applicable=row.not_applicable)
        for row in card.scores.select_related("criterion")
    )
    assert (card.weighted_total, card.total_weight) == recomputed
    assert card.total_weight == sum(row.criterion.weight for row in card.scores.exclude(not_applicable=True))
    assert selectors.scorecard_score(card) == weighted_mean(card.weighted_total, card.total_weight)
