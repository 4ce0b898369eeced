"""The staff home: the admin's index made of the program's work queues, each with its count and
first items linking to where the work is done, scoped to regional staff's regions, in a number
of queries that does not grow with the data."""

from datetime import timedelta

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.formats import date_format

from applications.conversation.models import ApplicationMessage
from applications.models import Application
from applications.models import ApplicationStatus as S
from applications.staff_panels import changelist_url
from applications.transitions import move_to
from dataide.staff_home import admin_change_urls
from tests.committees.factories import CommitteeFactory, assign, declare, members, scorecard
from tests.factories import ApplicationFactory, StaffUserFactory, region
from tests.helpers import login_staff
from tests.staff.factories import (
    ESTRIE,
    MONTREAL,
    bulk_applications,
    regional_staff,
    signed_in_team,
)
from tests.workspace.data import build_program_at_work

pytestmark = pytest.mark.django_db

ORDER = [
    "to_screen", "info_requests_overdue", "questions_to_answer", "to_assign_panel", "committees_panel",
    "to_decide_panel", "decision_reviews", "waiting_lists", "imports_to_do", "training_selections",
    "agreements_to_sign", "payments_due", "amendments_panel",
    "reports_due", "failed_messages_panel", "privacy_requests",
]


@pytest.fixture
def program_at_work():
    return build_program_at_work()


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
    # The links the list's filters write (the panel puts the region's id into a string encoded once).
    unassigned = {"committee_assignment__committee__isnull": "True"}
    assert assign.items[1].url == changelist_url(
        status__exact=S.ELIGIBLE, region__id__exact=region(MONTREAL).pk, **unassigned
    )
    assert assign.more_url == changelist_url(status__exact=S.ELIGIBLE, **unassigned)

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
    assert [(item.label, item.detail) for item in decide.items] == [
        ("Comité Montréal printemps", "2 demandes à décider"),
        ("Simuler les octrois", "les premières demandes de chaque région, sans rien enregistrer"),
    ]
    assert decide.items[0].url == reverse("committees:results", args=[program_at_work["closed"].pk])
    assert decide.items[1].url == reverse("committees:simulation")  # try before deciding

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

    questions = panels["questions_to_answer"]
    assert questions.count == 2
    assert [item.label.split(" · ")[0] for item in questions.items] == ["AMO-2026-0601", "AMO-2026-0602"]
    assert "question posée depuis 6" in questions.items[0].detail
    assert questions.items[0].url == reverse("applications:conversation_staff:thread", args=[
        ApplicationMessage.objects.get(application__number="AMO-2026-0601").application_id,
    ])

    privacy = panels["privacy_requests"]
    assert privacy.count == 2
    assert [(item.label, item.detail.split(" : ")[-1]) for item in privacy.items] == [
        ("Accès · retard@exemple.org", "en retard de 3 jours"), ("Accès · bientot@exemple.org", "réponse due le "
         + date_format(timezone.localdate() + timedelta(days=5), "j F Y") + ", dans 5 jours"),
    ]
    assert client.get(privacy.more_url).context["cl"].result_count == 2

    page = response.content.decode()
    assert "AMO-2026-0001" in page and "Comité Montréal printemps" in page
    # The admin's own list of models is still there, below the queues.
    assert reverse("admin:applications_application_changelist") in page


@pytest.mark.parametrize(("language", "expected"), [("fr-ca", "13\u00a0h\u00a030"), ("en", "1:30 p.m.")])
def test_a_webinar_to_import_shows_its_start_in_montreal_time(client, language, expected):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.trainings.factories import WebinarSessionFactory

    # 18 h 30 UTC is 13 h 30 in Montréal in November (UTC−5): the time the webinar was announced at.
    WebinarSessionFactory(starts_at=datetime(2026, 11, 20, 18, 30, tzinfo=ZoneInfo("UTC")))
    with translation.override(language):
        panels, _response = panels_of(signed_in_team(client))
    detail = panels["imports_to_do"].items[0].detail
    assert expected in detail and "20" in detail, detail


def test_regional_staff_see_their_regions_queues_only(client, program_at_work):
    panels, _response = panels_of(login_staff(client, regional_staff(ESTRIE)))
    # Regional staff screen and follow committees; assigning, deciding, imports, selections and
    # resending are the DATAide team's.
    # They follow their regions' agreements and reports (grants.staff_panels), paying is the team's.
    assert list(panels) == [
        "to_screen", "info_requests_overdue", "questions_to_answer", "committees_panel", "waiting_lists",
        "agreements_to_sign", "reports_due",
    ]
    assert [item.label.split(" · ")[0] for item in panels["questions_to_answer"].items] == ["AMO-2026-0602"]
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
    # From their second page on, a person's roles and permissions come from the cache
    # (dataide.accounts.authz): the count that matters is the page staff open every morning.
    team.get(reverse("admin:index"))
    # The committees' progress comes from the cache on this visit too (committees.selectors).
    with django_assert_max_num_queries(15):
        panels, _response = panels_of(team)
    assert panels["to_screen"].count == count and len(panels["to_screen"].items) == 5


def _committee_detail(client):
    panels, _response = panels_of(client)
    return [item.detail.split(" · ")[0] for item in panels["committees_panel"].items]


def test_the_committees_progress_kept_in_the_cache_follows_every_change(client):
    """The progress is counted once and kept (committees.selectors.committee_progress): a
    scorecard, a conflict, an assignment or a status that moves shows on the next page."""
    committee = CommitteeFactory()
    first, second = assign(committee), assign(committee)
    team = signed_in_team(client)
    assert _committee_detail(team) == ["0 grilles sur 8"]
    member = members(committee)[0]
    scorecard(first, member, [3] * first.application.tier.current_criteria_set.criteria.count())
    assert _committee_detail(team) == ["1 grilles sur 8"]
    declare(second, members(committee)[1], has_conflict=True)
    assert _committee_detail(team) == ["1 grilles sur 7"]
    assign(committee)
    assert _committee_detail(team) == ["1 grilles sur 11"]
    staff = StaffUserFactory()
    move_to(ApplicationFactory(status=S.SUBMITTED), S.SCREENING, actor=staff)  # a move the committees ignore
    assert _committee_detail(team) == ["1 grilles sur 11"]
    for assignment in committee.assignments.select_related("application"):
        move_to(assignment.application, S.WAITLISTED, actor=staff)
    assert _committee_detail(team) == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_panels_links_are_the_ones_reverse_gives(language):
    application = ApplicationFactory()
    with translation.override(language):
        assert admin_change_urls(Application)(application.pk) == reverse("admin:applications_application_change", args=[application.pk])
        set_script_prefix("/portail/")
        try:
            assert admin_change_urls(Application)(application.pk) == reverse("admin:applications_application_change", args=[application.pk])
            assert admin_change_urls(Application)(application.pk).startswith("/portail/")
        finally:
            set_script_prefix("/")
