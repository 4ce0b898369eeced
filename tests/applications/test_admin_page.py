"""The application's admin page: its summary header, and its neighbours in the queue staff came
from (the list's filters and order, else the application's status queue)."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.admin_summary import QUEUE_PARAMETER
from applications.models import Application
from applications.models import ApplicationStatus as S
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import region
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


def page(client, application, query=""):
    url = reverse("admin:applications_application_change", args=[application.pk])
    response = client.get(url + query)
    assert response.status_code == 200
    return response


def summary_of(response) -> dict:
    return {item.label: item.value for item in response.context["summary"]}


def test_the_summary_says_who_what_how_much_where_it_stands_and_what_comes_next(client):
    committee = CommitteeFactory(name="Comité Montréal hiver")
    assignment = assign(committee, number="AMO-2026-0042", amount_requested=Decimal("4999.50"))
    application = assignment.application
    signed_in_team(client)

    summary = summary_of(page(client, application))
    assert summary["Organisme"] == f"{application.organisme.legal_name} · 06 – Montréal"
    assert summary["Volet"] == "Amorçage"
    assert summary["Montant demandé"] == "4\u00a0999,50\u00a0$"
    assert summary["Statut"] == "En évaluation"
    assert summary["Comité"] == "Comité Montréal hiver"
    assert "Note du comité" not in summary  # scoring still open: no score before it closes
    assert summary["Prochaine action"] == "Attendre les grilles du comité, puis décider depuis la page des résultats."

    criteria = application.tier.current_criteria_set.criteria.count()
    for member, value in zip(members(committee)[:3], [4, 4, 2], strict=True):
        scorecard(assignment, member, [value] * criteria)
    committee.scoring_deadline = timezone.localdate() - timedelta(days=1)
    committee.save()
    response = page(client, application)
    summary = summary_of(response)
    assert summary["Note du comité"] == "3,33 / 5 (3 grilles, quorum 3)"
    html = response.content.decode()
    assert html.index("application-summary") < html.index("La demande telle que")
    assert reverse("committees:results", args=[committee.pk]) in html


def test_an_award_shows_the_amount_awarded_and_the_next_step_of_the_team(client):
    application = submitted_application(
        "AMO-2026-0050", status=S.AWARDED, amount_requested=Decimal(5000), amount_awarded=Decimal("4500"),
    )
    summary = summary_of(page(signed_in_team(client), application))
    assert summary["Montant accordé"] == "4\u00a0500\u00a0$" and "Montant demandé" not in summary
    assert summary["Statut"] == "Accordée"
    assert summary["Comité"] == "aucun"
    assert summary["Prochaine action"] == "Faire signer la convention par l'organisme."


def queue(response):
    position = response.context["queue"]
    return (
        position.position, position.total,
        position.previous.number if position.previous else None, position.next.number if position.next else None,
    )


def test_previous_and_next_follow_the_status_queue_by_default(client):
    now = timezone.now()
    # The list's default order is the newest first.
    first, second, third = (
        submitted_application(f"AMO-2026-010{index}", created_at=now - timedelta(days=index)) for index in (3, 2, 1)
    )
    submitted_application("AMO-2026-0199", status=S.ELIGIBLE)
    signed_in_team(client)
    assert queue(page(client, second)) == (2, 3, "AMO-2026-0101", "AMO-2026-0103")
    response = page(client, third)
    assert queue(response) == (1, 3, None, "AMO-2026-0102")
    assert response.context["queue"].next.url == reverse("admin:applications_application_change", args=[second.pk])
    assert 'rel="next"' in response.content.decode()
    assert queue(page(client, first)) == (3, 3, "AMO-2026-0102", None)


def test_previous_and_next_follow_the_list_staff_filtered_and_sorted(client):
    for number, code in [("AMO-2026-0203", MONTREAL), ("AMO-2026-0201", MONTREAL), ("AMO-2026-0202", ESTRIE),
                         ("AMO-2026-0204", MONTREAL)]:
        submitted_application(number, region_code=code, status=S.ELIGIBLE if number.endswith("4") else S.SUBMITTED)
    signed_in_team(client)
    # Montréal only, every status, sorted by number (the list's first column after the checkbox).
    filters = urlencode({"region__id__exact": region(MONTREAL).pk, "o": "1"})
    assert client.get(reverse("admin:applications_application_changelist") + "?" + filters).status_code == 200
    middle = Application.objects.get(number="AMO-2026-0203")
    response = page(client, middle, "?" + urlencode({QUEUE_PARAMETER: filters}))
    assert queue(response) == (2, 3, "AMO-2026-0201", "AMO-2026-0204")
    assert response.context["queue"].from_list
    # The list's query string goes on to the neighbour, so the walk continues in the same list.
    assert QUEUE_PARAMETER in response.context["queue"].next.url
    nonsense = page(client, middle, "?" + urlencode({QUEUE_PARAMETER: "champ_inconnu=1"}))
    # Back to the status queue (every submitted one, newest first), no error.
    assert queue(nonsense) == (3, 3, "AMO-2026-0201", None)
    assert not nonsense.context["queue"].from_list


def test_regional_staff_walk_their_regions_only(client):
    submitted_application("AMO-2026-0301", region_code=ESTRIE)
    submitted_application("AMO-2026-0302", region_code=MONTREAL)
    estrie = submitted_application("AMO-2026-0303", region_code=ESTRIE)
    login_staff(client, regional_staff(ESTRIE))
    assert queue(page(client, estrie)) == (1, 2, None, "AMO-2026-0301")
