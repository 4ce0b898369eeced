
import pytest
from django.core.exceptions import ValidationError

from dataide.outbox.models import OutboxMessage
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory
from tests.helpers import at_the_same_moment
from trainings.models import CohortEnrolment, LabEnrolment, TrainingLimits
from trainings.services import enrol_leader, select_into_cohort

from .factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    LabCohortFactory,
    LeaderFactory,
    NordOuvertCandidacyFactory,
    program,
)


def set_limits(**limits):
    TrainingLimits.objects.update_or_create(program=program(), defaults=limits)


@pytest.mark.django_db
def test_program_starts_with_180_seats_and_60_lab_places():
    limits = TrainingLimits.objects.get(program=program())
    assert (limits.nord_ouvert_seats, limits.leadership_lab_places) == (180, 60)


@pytest.mark.django_db
def test_selection_needs_a_candidacy_and_respects_cohort_and_program_seats():
    staff = StaffUserFactory()
    cohort = CohortFactory(capacity=2)
    with pytest.raises(ValidationError, match="n'a pas posé sa candidature"):
        select_into_cohort(actor=staff, cohort=cohort, organisme=OrganismeFactory())

    candidate = NordOuvertCandidacyFactory(organisme=MembershipFactory().organisme).organisme
    select_into_cohort(actor=staff, cohort=cohort, organisme=candidate)
    assert OutboxMessage.objects.filter(template="nord_ouvert_selected").count() == 1
    with pytest.raises(ValidationError, match="déjà inscrit"):
        select_into_cohort(actor=staff, cohort=CohortFactory(), organisme=candidate)

    set_limits(nord_ouvert_seats=2)
    CohortEnrolmentFactory()  # a seat taken in another cohort counts against the program
    with pytest.raises(ValidationError, match="places de la formation Nord Ouvert"):
        select_into_cohort(actor=staff, cohort=cohort, organisme=NordOuvertCandidacyFactory().organisme)


@pytest.mark.django_db
def test_lab_places_are_limited():
    set_limits(leadership_lab_places=1)
    staff, cohort = StaffUserFactory(), LabCohortFactory()
    enrol_leader(actor=staff, cohort=cohort, leader=LeaderFactory())
    with pytest.raises(ValidationError, match="places du laboratoire"):
        enrol_leader(actor=staff, cohort=cohort, leader=LeaderFactory())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_never_exceed_the_program_seats():
    staff = StaffUserFactory()
    cohort = CohortFactory(capacity=50)
    for _ in range(3):
        CohortEnrolmentFactory(cohort=CohortFactory())
    set_limits(nord_ouvert_seats=5)  # 3 taken, 2 left
    candidates = [NordOuvertCandidacyFactory().organisme for _ in range(12)]

    outcomes = at_the_same_moment(
        lambda organisme: select_into_cohort(actor=staff, cohort=cohort, organisme=organisme), candidates
    )

    assert sum(isinstance(outcome, CohortEnrolment) for outcome in outcomes) == 2
    assert outcomes.count("seats_exhausted") == 10
    assert CohortEnrolment.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_lab_enrolments_never_exceed_the_lab_places():
    staff, cohort = StaffUserFactory(), LabCohortFactory()
    set_limits(leadership_lab_places=2)
    leaders = [LeaderFactory() for _ in range(10)]

    outcomes = at_the_same_moment(lambda leader: enrol_leader(actor=staff, cohort=cohort, leader=leader), leaders)

    assert sum(isinstance(outcome, LabEnrolment) for outcome in outcomes) == 2
    assert outcomes.count("places_exhausted") == 8
    assert LabEnrolment.objects.count() == 2
