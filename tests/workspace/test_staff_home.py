"""The staff home: the admin's index made of the program's work queues, each with its count and
first items linking to where the work is done, scoped to regional staff's regions, in a number
of queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from dataide.outbox.models import MessageStatus, OutboxMessage
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import region
from tests.helpers import login_staff
from tests.staff.factories import (
    ESTRIE,
    MONTREAL,
    bulk_applications,
    regional_staff,
    signed_in_team,
    submitted_application,
)
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    NordOuvertCandidacyFactory,
    WebinarAttendanceFactory,
    WebinarSessionFactory,
)

pytestmark = pytest.mark.django_db

ORDER = [
    "to_screen", "to_assign_panel", "committees_panel", "to_decide_panel", "waiting_lists",
    "imports_to_do", "training_selections", "amendments_panel", "failed_messages_panel",
]


def ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def program_at_work():
    """A bit of every queue, in Montréal and in Estrie, with what must stay out of each."""
    data = {
        "old": submitted_application("AMO-2026-0001", submitted_at=ago(12)),
        "new": submitted_application("AMO-2026-0002", submitted_at=ago(2)),
        "estrie": submitted_application("AMO-2026-0003", region_code=ESTRIE, status=S.SCREENING, submitted_at=ago(5)),
    }
    submitted_application(None, status=S.DRAFT)
    for number, code in [("AMO-2026-0101", MONTREAL), ("AMO-2026-0102", MONTREAL), ("AMO-2026-0103", ESTRIE)]:
        submitted_application(number, region_code=code, status=S.ELIGIBLE)
    # Scoring over (deadline passed): ready to decide, and no scorecard reached the quorum.
    data["closed"] = closed = CommitteeFactory(
        name="Comité Montréal printemps", scoring_deadline=timezone.localdate() - timedelta(days=1)
    )
    assign(closed, number="AMO-2026-0201")
    assign(closed, number="AMO-2026-0202")
    # Still scoring, but two conflicts leave two seats for a quorum of three.
    estrie = CommitteeFactory(name="Comité Estrie", region=region(ESTRIE))
    problem = assign(estrie, number="AMO-2026-0301")
    for member in members(estrie)[:2]:
        declare(problem, member, has_conflict=True)
    # Its applications all decided: not a queue any more.
    assign(CommitteeFactory(name="Comité terminé"), number="AMO-2026-0401", status=S.AWARDED)
    for number, code in [("AMO-2026-0501", MONTREAL), ("AMO-2026-0502", MONTREAL), ("AMO-2026-0503", ESTRIE)]:
        submitted_application(number, region_code=code, status=S.WAITLISTED)
    data["held"] = WebinarSessionFactory(title="Webinaire tenu sans présences", starts_at=ago(3))
    WebinarAttendanceFactory(webinar=WebinarSessionFactory(title="Webinaire importé", starts_at=ago(4)))
    WebinarSessionFactory(title="Webinaire à venir")
    data["cohort"] = CohortFactory(name="Cohorte automne", capacity=2)
    CohortEnrolmentFactory(cohort=data["cohort"])
    CohortEnrolmentFactory(cohort=CohortFactory(name="Cohorte pleine", capacity=1))
    for code in [MONTREAL, MONTREAL, ESTRIE]:
        NordOuvertCandidacyFactory(organisme__region=region(code))
    data["failed"] = OutboxMessage.objects.create(
        recipient_email="echec@exemple.org", template="t", subject="Votre demande a été reçue", status=MessageStatus.FAILED
    )
    OutboxMessage.objects.create(recipient_email="ok@exemple.org", template="t", subject="Envoyé", status=MessageStatus.SENT,
                                 sent_at=timezone.now())
    return data


def panels_of(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {panel.key: panel for panel in response.context["work_panels"]}, response


def test_the_team_sees_every_queue_in_the_program_order(client, program_at_work):
    panels, response = panels_of(signed_in_team(client))
    assert list(panels) == ORDER

    to_screen = panels["to_screen"]
    assert to_screen.count == 3
    assert [item.label.split(" · ")[0] for item in to_screen.items] == ["AMO-2026-0001", "AMO-2026-0003", "AMO-2026-0002"]
    assert to_screen.items[0].url == reverse("admin:applications_application_change", args=[program_at_work["old"].pk])
    assert "soumise depuis 1" in to_screen.items[0].detail  # 1 semaine (timesince, one unit)
    assert client.get(to_screen.more_url).context["cl"].result_count == 3

    assign = panels["to_assign_panel"]
    assert assign.count == 3
    assert [(item.label, item.detail) for item in assign.items] == [
        ("Estrie", "1 demande admissible"), ("Montréal", "2 demandes admissibles"),
    ]
    assert client.get(assign.items[1].url).context["cl"].result_count == 2

    committees = panels["committees_panel"]
    assert [item.label for item in committees.items] == ["Comité Montréal printemps", "Comité Estrie"]
    closed, scoring = committees.items
    assert "0 grilles sur 8" in closed.detail  # four seats × two applications
    assert "2 demandes sous le quorum" in closed.detail and "prête à décider" in closed.detail
    # Four seats less two declared conflicts.
    assert "0 grilles sur 2" in scoring.detail and "1 demande sous le quorum" in scoring.detail
    assert "prête à décider" not in scoring.detail

    decide = panels["to_decide_panel"]
    assert decide.count == 2
    assert [(item.label, item.detail) for item in decide.items] == [("Comité Montréal printemps", "2 demandes à décider")]
    assert decide.items[0].url == reverse("committees:results", args=[program_at_work["closed"].pk])

    waiting = panels["waiting_lists"]
    assert waiting.count == 3
    assert [(item.label, item.detail) for item in waiting.items] == [
        ("Amorçage · Estrie", "1 en attente"), ("Amorçage · Montréal", "2 en attente"),
    ]
    assert client.get(waiting.items[1].url).context["cl"].result_count == 2

    imports = panels["imports_to_do"]
    assert imports.count == 1
    assert imports.items[0].url == reverse("admin:trainings_webinarsession_import", args=[program_at_work["held"].pk])

    selections = panels["training_selections"]
    assert selections.count == 3
    assert [(item.label, item.detail) for item in selections.items] == [("Cohorte automne", "1 place libre")]
    assert selections.items[0].url == reverse("admin:trainings_cohort_select", args=[program_at_work["cohort"].pk])

    failed = panels["failed_messages_panel"]
    assert failed.count == 1
    assert failed.items[0].url == reverse("admin:outbox_outboxmessage_change", args=[program_at_work["failed"].pk])

    page = response.content.decode()
    assert "AMO-2026-0001" in page and "Comité Montréal printemps" in page
    # The admin's own list of models is still there, below the queues.
    assert reverse("admin:applications_application_changelist") in page


def test_regional_staff_see_their_regions_queues_only(client, program_at_work):
    panels, _response = panels_of(login_staff(client, regional_staff(ESTRIE)))
    # Regional staff screen and follow committees; assigning, deciding, imports, selections and
    # resending are the DATAide team's.
    assert list(panels) == ["to_screen", "committees_panel", "waiting_lists"]
    assert [item.label.split(" · ")[0] for item in panels["to_screen"].items] == ["AMO-2026-0003"]
    assert panels["to_screen"].count == 1
    assert [item.label for item in panels["committees_panel"].items] == ["Comité Estrie"]
    assert [(item.label, item.detail) for item in panels["waiting_lists"].items] == [("Amorçage · Estrie", "1 en attente")]


def test_empty_queues_say_so(client):
    panels, response = panels_of(signed_in_team(client))
    assert all(panel.count == 0 and not panel.items for panel in panels.values())
    assert "Aucune demande à vérifier." in response.content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_the_staff_home_is_a_fixed_number_of_queries(client, django_assert_max_num_queries, count):
    bulk_applications(count)
    bulk_applications(count, status=S.ELIGIBLE, start=count)
    bulk_applications(count, status=S.WAITLISTED, start=2 * count)
    committee = CommitteeFactory()
    for _index in range(3):
        assign(committee)
    team = signed_in_team(client)
    with django_assert_max_num_queries(18):
        panels, _response = panels_of(team)
    assert panels["to_screen"].count == count and len(panels["to_screen"].items) == 5
