import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from dataide.outbox.models import OutboxMessage
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory
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


def run_concurrently(work, arguments):
    barrier = threading.Barrier(len(arguments))
    outcomes = []

    def run(argument):
        try:
            barrier.wait()
            work(argument)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_selections_never_exceed_the_program_seats():
    staff = StaffUserFactory()
    cohort = CohortFactory(capacity=50)
    for _ in range(3):
        CohortEnrolmentFactory(cohort=CohortFactory())
    set_limits(nord_ouvert_seats=5)  # 3 taken, 2 left
    candidates = [NordOuvertCandidacyFactory().organisme for _ in range(12)]

    outcomes = run_concurrently(lambda organisme: select_into_cohort(actor=staff, cohort=cohort, organisme=organisme), candidates)

    assert outcomes.count("ok") == 2 and outcomes.count("refused") == 10
    assert CohortEnrolment.objects.count() == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_lab_enrolments_never_exceed_the_lab_places():
    staff, cohort = StaffUserFactory(), LabCohortFactory()
    set_limits(leadership_lab_places=2)
    leaders = [LeaderFactory() for _ in range(10)]

    outcomes = run_concurrently(lambda leader: enrol_leader(actor=staff, cohort=cohort, leader=leader), leaders)

    assert outcomes.count("ok") == 2
    assert LabEnrolment.objects.count() == 2
