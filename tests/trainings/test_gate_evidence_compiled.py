"""The gates' evidence read in one compiled query (trainings.gates.gate_evidence) says what the ORM
says, and what the former reading said (the lab enrolments fetched as rows, then sorted through in
Python), over organismes at every stage of the three gates, on several days, in both languages."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone, translation

from dataide.compiled import through_the_orm
from programs.models import Gate
from tests.factories import OrganismeFactory
from trainings.gates import GateStatus, gate_evidence, render_gates
from trainings.models import LabEnrolment

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

DAYS = (date(2026, 3, 11), date(2026, 3, 12), date(2026, 6, 5), date(2026, 9, 1), date(2027, 1, 1))


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def _organismes() -> list:
    """Organismes at every stage: nothing; a webinar attended; a candidacy; enrolled in a cohort,
    completed or not; leaders in the lab, completed in any order, enrolled after some days, with
    homonyms elsewhere."""
    WebinarSessionFactory(starts_at=at(date(2026, 3, 20)))
    nothing = OrganismeFactory()
    attended = WebinarAttendanceFactory(webinar__starts_at=at(date(2026, 3, 12))).organisme
    WebinarAttendanceFactory(organisme=attended, webinar__starts_at=at(date(2026, 2, 2)))
    candidate = WebinarAttendanceFactory(webinar__starts_at=at(date(2026, 1, 5))).organisme
    NordOuvertCandidacyFactory(organisme=candidate)
    cohort = CohortFactory(name="Printemps", starts_on=date(2026, 3, 2), ends_on=date(2026, 6, 30))
    in_training = WebinarAttendanceFactory(webinar__starts_at=at(date(2026, 1, 6))).organisme
    CohortEnrolmentFactory(organisme=in_training, cohort=cohort, selected_at=at(date(2026, 3, 1)))
    trained = WebinarAttendanceFactory(webinar__starts_at=at(date(2026, 1, 7))).organisme
    CohortEnrolmentFactory(
        organisme=trained, cohort=cohort, selected_at=at(date(2026, 3, 1)), completed_at=at(date(2026, 6, 5), 15)
    )
    lab = OrganismeFactory()
    for name, selected, completed in (
        ("Zoé Gagnon", date(2026, 4, 1), date(2026, 9, 1)),
        ("Alice Roy", date(2026, 4, 2), date(2026, 6, 5)),
        ("Marc Côté", date(2026, 3, 1), None),
        ("Luc Roy", date(2026, 8, 1), date(2026, 6, 1)),
    ):
        LabEnrolmentFactory(
            leader=LeaderFactory(organisme=lab, full_name=name), selected_at=at(selected),
            completed_at=completed and at(completed, 17),
        )
    enrolled = OrganismeFactory()
    LabEnrolmentFactory(leader=LeaderFactory(organisme=enrolled, full_name="Noé Petit"), selected_at=at(date(2026, 5, 1)))
    LabEnrolmentFactory(leader__full_name="Zoé Gagnon", completed_at=at(date(2026, 3, 12)))  # elsewhere
    return [nothing, attended, candidate, in_training, trained, lab, enrolled]


def _former_lab_gate(organisme, on: date) -> tuple:
    """The leadership lab gate as the former reading decided it: every enrolment selected by then,
    in (completion, pk) order, the first completed by then opening the gate, else the first named."""
    day_end = timezone.make_aware(datetime.combine(on + timedelta(days=1), datetime.min.time()))
    enrolments = list(
        LabEnrolment.objects.filter(leader__organisme=organisme, selected_at__lt=day_end)
        .select_related("leader", "cohort").order_by("completed_at", "pk")
    )
    completed = [e for e in enrolments if e.completed_at and e.completed_at < day_end]
    if completed:
        return True, completed[0].leader.full_name, timezone.localdate(completed[0].completed_at)
    if enrolments:
        return False, enrolments[0].leader.full_name, enrolments[0].cohort.name
    return False, None, None


def _gates(organisme, on: date, language: str) -> dict[str, GateStatus]:
    with translation.override(language):
        return render_gates(gate_evidence(organisme, on=on))


def test_compiled_evidence_gives_the_orms_gates_and_the_former_lab_gate():
    organismes = _organismes()
    checked = set()
    for organisme in organismes:
        for on in DAYS:
            for language in ("fr-ca", "en"):
                compiled = _gates(organisme, on, language)
                with through_the_orm():
                    assert _gates(organisme, on, language) == compiled
                lab = compiled[Gate.LEADERSHIP_LAB]
                is_open, named, detail = _former_lab_gate(organisme, on)
                assert lab.is_open == is_open
                if named is None:
                    assert "laboratoire" in lab.next_step or "lab" in lab.next_step
                else:
                    assert named in (lab.evidence if is_open else lab.next_step)
                    if is_open:
                        assert lab.evidence_date == detail
                    else:
                        assert detail in lab.next_step
                checked.add((lab.is_open, named, compiled[Gate.WEBINAR].is_open, compiled[Gate.NORD_OUVERT_TRAINING].is_open))
    assert len(checked) >= 6  # the data did reach the varied cases


def test_the_lab_gate_names_the_first_completion_by_then():
    lab = _organismes()[5]
    assert not _gates(lab, date(2026, 3, 12), "fr-ca")[Gate.LEADERSHIP_LAB].is_open
    assert "Marc Côté suit le laboratoire" in _gates(lab, date(2026, 3, 12), "fr-ca")[Gate.LEADERSHIP_LAB].next_step
    assert _gates(lab, date(2026, 6, 5), "fr-ca")[Gate.LEADERSHIP_LAB].evidence.startswith("Alice Roy")
    # Luc Roy completed earlier (1 June) but was enrolled only on 1 August: from then he comes first.
    assert _gates(lab, date(2026, 9, 1), "fr-ca")[Gate.LEADERSHIP_LAB].evidence.startswith("Luc Roy")


def test_the_evidence_is_one_query(django_assert_num_queries):
    organisme = _organismes()[5]
    gate_evidence(organisme, on=DAYS[0], upcoming=[])
    with django_assert_num_queries(1):
        gate_evidence(organisme, upcoming=[])
