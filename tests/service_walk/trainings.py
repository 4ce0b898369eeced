"""Unauthorised-actor cases of the trainings services (walked by tests/test_service_walk.py).

Organisme-side services refuse a member of another organisme; staff-side services refuse regional
Centraide staff, who are `is_staff` but hold only the trainings' view permissions (the old
`is_staff` check let them record attendance and completion)."""

from datetime import timedelta

from django.utils import timezone

from dataide.accounts.roles import Role
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    CohortSessionFactory,
    LabCohortFactory,
    LabEnrolmentFactory,
    LabSessionFactory,
    LeaderFactory,
    NordOuvertCandidacyFactory,
    TrainerFactory,
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
    WebinarSessionFactory,
)
from trainings import services
from trainings.models import TrainingLimits


def _stranger():
    """A responsible person of some other organisme."""
    return MembershipFactory().user


def _regional_staff():
    return StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])


def _past_webinar():
    return WebinarSessionFactory(starts_at=timezone.now() - timedelta(days=1))


def _register():
    services.register_for_webinar(actor=_stranger(), webinar=WebinarSessionFactory(), organisme=OrganismeFactory())


def _unregister():
    services.cancel_webinar_registration(actor=_stranger(), registration=WebinarRegistrationFactory())


def _record_attendance():
    services.record_attendance(actor=_regional_staff(), webinar=_past_webinar(), organisme=OrganismeFactory())


def _import():
    row = services.ImportRow(organisme=OrganismeFactory(), minutes=80)
    services.import_webinar_attendance(actor=_regional_staff(), webinar=_past_webinar(), rows=[row])


def _feedback():
    services.submit_webinar_feedback(
        actor=_stranger(), attendance=WebinarAttendanceFactory(), usefulness=5, clarity=5
    )


def _candidacy():
    services.submit_nord_ouvert_candidacy(actor=_stranger(), organisme=OrganismeFactory(), motivation="Nous aussi.")


def _select():
    candidacy = NordOuvertCandidacyFactory()
    services.select_into_cohort(actor=_regional_staff(), cohort=CohortFactory(), organisme=candidacy.organisme)


def _session_attendance():
    enrolment = CohortEnrolmentFactory(cohort=CohortFactory(trainers=[TrainerFactory()]))
    session = CohortSessionFactory(cohort=enrolment.cohort)
    services.record_session_attendance(actor=_regional_staff(), session=session, present_enrolments=[enrolment])


def _complete_cohort():
    enrolment = CohortEnrolmentFactory()
    services.complete_cohort_enrolment(actor=_regional_staff(), enrolment=enrolment)


def _enrol_leader():
    services.enrol_leader(actor=_regional_staff(), cohort=LabCohortFactory(), leader=LeaderFactory())


def _lab_attendance():
    enrolment = LabEnrolmentFactory()
    session = LabSessionFactory(cohort=enrolment.cohort)
    services.record_lab_attendance(actor=_regional_staff(), session=session, present_enrolments=[enrolment])


def _complete_lab():
    services.complete_lab_enrolment(actor=_regional_staff(), enrolment=LabEnrolmentFactory())


def _limits():
    limits, _created = TrainingLimits.objects.get_or_create(program=CohortFactory().program)
    services.update_training_limits(
        actor=_regional_staff(), limits=limits, nord_ouvert_seats=200, leadership_lab_places=70
    )


CASES = {
    "trainings.services.register_for_webinar": _register,
    "trainings.services.cancel_webinar_registration": _unregister,
    "trainings.services.record_attendance": _record_attendance,
    "trainings.services.import_webinar_attendance": _import,
    "trainings.services.submit_webinar_feedback": _feedback,
    "trainings.services.submit_nord_ouvert_candidacy": _candidacy,
    "trainings.services.select_into_cohort": _select,
    "trainings.services.record_session_attendance": _session_attendance,
    "trainings.services.complete_cohort_enrolment": _complete_cohort,
    "trainings.services.enrol_leader": _enrol_leader,
    "trainings.services.record_lab_attendance": _lab_attendance,
    "trainings.services.complete_lab_enrolment": _complete_lab,
    "trainings.services.update_training_limits": _limits,
}
