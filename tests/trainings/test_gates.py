from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from programs.models import Gate
from tests.factories import OrganismeFactory
from trainings.gates import gate_evidence, gate_status, open_gates, render_gates

from .factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    LabEnrolmentFactory,
    LeaderFactory,
    NordOuvertCandidacyFactory,
    WebinarAttendanceFactory,
    WebinarSessionFactory,
)

pytestmark = pytest.mark.django_db


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


MARCH_12 = date(2026, 3, 12)


def test_webinar_gate_opens_on_the_day_of_the_attended_webinar_with_its_evidence():
    attendance = WebinarAttendanceFactory(webinar__starts_at=at(MARCH_12))
    organisme = attendance.organisme

    before = gate_status(organisme, Gate.WEBINAR, on=MARCH_12 - timedelta(days=1))
    on_the_day = gate_status(organisme, Gate.WEBINAR, on=MARCH_12)

    assert not before.is_open and before.evidence == ""
    assert on_the_day.is_open
    assert on_the_day.evidence == "Vous avez assisté au webinaire du 12 mars 2026."
    assert on_the_day.evidence_date == MARCH_12
    assert on_the_day.next_step == "" and on_the_day.next_webinars == ()


def test_closed_webinar_gate_lists_the_next_webinars():
    today = timezone.localdate()
    later = WebinarSessionFactory(starts_at=at(today + timedelta(days=40)))
    sooner = WebinarSessionFactory(starts_at=at(today + timedelta(days=12)))
    WebinarSessionFactory(starts_at=at(today - timedelta(days=5)))  # past: not offered

    status = gate_status(OrganismeFactory(), Gate.WEBINAR)

    assert not status.is_open
    assert status.next_webinars == (sooner, later)
    assert status.next_step.startswith("Il faut d'abord assister à un webinaire de sensibilisation")
    assert timezone.localdate(sooner.starts_at).strftime("%Y") in status.next_step


def test_sentences_follow_the_active_language():
    attendance = WebinarAttendanceFactory(webinar__starts_at=at(MARCH_12))
    with translation.override("en"):
        status = gate_status(attendance.organisme, Gate.WEBINAR, on=MARCH_12)
    # The catalog is translated by the lead; whatever the text, the date is in English.
    assert "March" in status.evidence


def test_nord_ouvert_gate_opens_only_once_the_training_is_completed():
    completed = timezone.make_aware(datetime(2026, 6, 5, 15))
    enrolment = CohortEnrolmentFactory(
        cohort__name="Printemps 2026", selected_at=completed - timedelta(days=90), completed_at=None
    )
    organisme = enrolment.organisme
    WebinarAttendanceFactory(organisme=organisme)

    in_progress = gate_status(organisme, Gate.NORD_OUVERT_TRAINING)
    assert not in_progress.is_open
    assert "Printemps 2026" in in_progress.next_step

    enrolment.completed_at = completed
    enrolment.save()
    assert not gate_status(organisme, Gate.NORD_OUVERT_TRAINING, on=date(2026, 6, 4)).is_open
    status = gate_status(organisme, Gate.NORD_OUVERT_TRAINING, on=date(2026, 6, 5))
    assert status.is_open
    assert status.evidence == (
        "Vous avez terminé la formation de Nord Ouvert (cohorte « Printemps 2026 ») le 5 juin 2026."
    )
    assert status.evidence_date == date(2026, 6, 5)


def test_nord_ouvert_next_step_follows_where_the_organisme_stands():
    organisme = OrganismeFactory()
    WebinarSessionFactory()
    no_webinar = gate_status(organisme, Gate.NORD_OUVERT_TRAINING)
    assert "webinaire" in no_webinar.next_step and no_webinar.next_webinars

    WebinarAttendanceFactory(organisme=organisme)
    assert "Posez la candidature" in gate_status(organisme, Gate.NORD_OUVERT_TRAINING).next_step

    NordOuvertCandidacyFactory(organisme=organisme)
    assert "candidature" in gate_status(organisme, Gate.NORD_OUVERT_TRAINING).next_step
    assert "reçue" in gate_status(organisme, Gate.NORD_OUVERT_TRAINING).next_step


def test_leadership_lab_gate_opens_when_one_of_its_leaders_completed_the_lab():
    leader = LeaderFactory(full_name="Marie Tremblay")
    organisme = leader.organisme
    other_organisme_leader = LabEnrolmentFactory(completed_at=timezone.now())
    enrolment = LabEnrolmentFactory(leader=leader, selected_at=at(date(2026, 4, 1)))

    assert not gate_status(organisme, Gate.LEADERSHIP_LAB).is_open
    assert "Marie Tremblay suit le laboratoire" in gate_status(organisme, Gate.LEADERSHIP_LAB).next_step
    assert gate_status(other_organisme_leader.leader.organisme, Gate.LEADERSHIP_LAB).is_open

    enrolment.completed_at = timezone.make_aware(datetime(2026, 9, 1, 12))
    enrolment.save()
    status = gate_status(organisme, Gate.LEADERSHIP_LAB, on=date(2026, 9, 1))
    assert status.is_open
    assert status.evidence == "Marie Tremblay, de votre organisme, a terminé le laboratoire de leadership le 1 septembre 2026."
    assert not gate_status(organisme, Gate.LEADERSHIP_LAB, on=date(2026, 8, 31)).is_open


def test_no_leader_means_a_next_step_to_propose_one():
    status = gate_status(OrganismeFactory(), Gate.LEADERSHIP_LAB)
    assert not status.is_open and "laboratoire" in status.next_step


def test_open_gates_answers_all_three_gates_in_at_most_four_queries(django_assert_max_num_queries):
    organisme = OrganismeFactory()
    WebinarSessionFactory()
    with django_assert_max_num_queries(4):
        closed = open_gates(organisme)
    assert set(closed) == {Gate.WEBINAR, Gate.NORD_OUVERT_TRAINING, Gate.LEADERSHIP_LAB}
    assert not any(status.is_open for status in closed.values())

    WebinarAttendanceFactory(organisme=organisme)
    CohortEnrolmentFactory(organisme=organisme, cohort=CohortFactory(), completed_at=timezone.now())
    for _ in range(3):
        LabEnrolmentFactory(leader__organisme=organisme, completed_at=timezone.now())
    with django_assert_max_num_queries(4):
        opened = open_gates(organisme)
    assert all(status.is_open for status in opened.values())


def test_evidence_read_once_renders_in_both_languages_without_queries(django_assert_num_queries):
    attendance = WebinarAttendanceFactory(webinar=WebinarSessionFactory(starts_at=at(MARCH_12)))
    evidence = gate_evidence(attendance.organisme, on=MARCH_12)
    with django_assert_num_queries(0):
        with translation.override("fr-ca"):
            french = render_gates(evidence)[Gate.WEBINAR]
        with translation.override("en"):
            english = render_gates(evidence)[Gate.WEBINAR]
    assert french.is_open and english.is_open
    assert french.evidence.startswith("Vous avez assisté au webinaire du 12 mars 2026")
    assert english.evidence.startswith("You attended the webinar on")
