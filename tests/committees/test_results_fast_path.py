"""The results page sums scores in the database (committees.selectors.counted_scorecard_sums);
these tests hold it to the pure definition of committees.aggregation on hand-made committees, and
check the pages of the ranking and of the member's list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from committees import selectors
from committees.aggregation import CriterionMark, aggregate, weighted_score
from committees.models import ConflictDeclaration, Scorecard, ScorecardStatus
from tests.committees.factories import CommitteeFactory, assign, declare, members, scorecard
from tests.factories import StaffUserFactory, publish_criteria_version, tier
from tests.helpers import login_staff


def _closed_committee():
    return CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))


def _reference_results(committee) -> dict:
    """The slow path the results page used to take: every score as an object, through the pure
    functions."""
    results = {}
    for assignment in committee.assignments.all():
        conflicted = set(
            ConflictDeclaration.objects.filter(assignment=assignment, has_conflict=True).values_list("member", flat=True)
        )
        counted = [
            card
            for card in Scorecard.objects.filter(assignment=assignment, status=ScorecardStatus.SUBMITTED)
            if card.member_id not in conflicted
        ]
        scores = [
            weighted_score(
                CriterionMark(weight=row.criterion.weight, score=row.score, not_applicable=row.not_applicable)
                for row in card.scores.select_related("criterion")
            )
            for card in counted
        ]
        results[assignment.pk] = aggregate(scores, [card.recommendation for card in counted], quorum=committee.quorum)
    return results


@pytest.fixture
def odd_weights(db):
    """Weights with cents, so sums the database makes are not all round numbers: a new version of
    the criteria (a published version is frozen), which new scorecards are made with."""

    def reweigh(criteria):
        for criterion, weight in zip(criteria, ["33.33", "25.50", "20.17", "21.00"], strict=True):
            criterion.weight = Decimal(weight)
            criterion.save(update_fields=["weight"])

    publish_criteria_version(tier(), reweigh)


@pytest.mark.django_db
@pytest.mark.parametrize("weights", ["program", "with cents"])
def test_database_sums_give_the_numbers_of_the_pure_functions(request, weights):
    if weights == "with cents":
        request.getfixturevalue("odd_weights")
    committee = _closed_committee()
    a, b, c, d = members(committee)
    mixed = assign(committee, title="Mixte")
    scorecard(mixed, a, [4, 3, "na", 2], recommendation="fund")
    scorecard(mixed, b, [5, 5, 5, 0], recommendation="fund_with_conditions")
    scorecard(mixed, c, ["na", "na", "na", "na"], recommendation="do_not_fund")  # no score: not counted
    scorecard(mixed, d, [1, 1, 1, 1], submitted=False)  # a draft never counts
    conflicted = assign(committee, title="Conflit")
    scorecard(conflicted, a, [2, 2, 2, 2])
    scorecard(conflicted, b, [0, 0, 0, 0])
    ConflictDeclaration.objects.filter(assignment=conflicted, member=b).update(has_conflict=True)
    assign(committee, title="Sans grille")

    fast = selectors.committee_results(committee).results
    assert fast == _reference_results(committee)
    if weights == "program":
        # a: 245 / 80 = 3.0625 (« sans objet » leaves the denominator); b: 375 / 100 = 3.75
        assert (fast[mixed.pk].mean, fast[mixed.pk].spread, fast[mixed.pk].count) == (
            Decimal("3.41"), Decimal("0.69"), 2,
        )
        assert fast[mixed.pk].recommendations == {"fund": 1, "fund_with_conditions": 1, "do_not_fund": 1}
        assert (fast[conflicted.pk].mean, fast[conflicted.pk].count) == (Decimal("2.00"), 1)


@pytest.mark.django_db
def test_submitted_and_expected_counts_leave_conflicts_out(client):
    committee = _closed_committee()
    a, b, _c, _d = members(committee)
    first, second = assign(committee), assign(committee)
    scorecard(first, a, [3, 3, 3, 3])
    scorecard(second, b, [3, 3, 3, 3])
    declare(second, a, has_conflict=True)
    results = selectors.committee_results(committee)
    assert (results.submitted, results.expected) == (2, 7)


def _ranked_committee(count):
    """`count` applications whose means decrease with their number: « Projet 0 » ranks first."""
    committee = _closed_committee()
    seated = members(committee)
    for index in range(count):
        assignment = assign(committee, title=f"Projet {index}")
        for card_member in seated[:3]:
            scorecard(assignment, card_member, [5 - index] * 4)
    return committee


@pytest.mark.django_db
def test_results_are_ranked_over_every_application_and_shown_a_page_at_a_time(client, monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 2)
    committee = _ranked_committee(5)
    login_staff(client, StaffUserFactory())
    results_url = reverse("committees:results", args=[committee.pk])

    first = client.get(results_url).content.decode()
    assert "Projet 0" in first and "Projet 1" in first and "Projet 2" not in first
    assert "Page 1 sur 3" in first and "?page=2" in first

    second = client.get(results_url, {"page": 2}).content.decode()
    assert second.index("Projet 2") < second.index("Projet 3") and "Projet 0" not in second
    assert "<td>3</td>" in second and "<td>4</td>" in second  # ranks count from the first page

    assert "Projet 4" in client.get(results_url, {"page": 99}).content.decode()  # past the end: last page
    assert "Projet 0" in client.get(results_url, {"page": "x"}).content.decode()  # nonsense: first page


@pytest.mark.django_db
def test_a_rejected_decision_shows_on_the_page_of_its_application(client, monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 2)
    committee = _ranked_committee(5)
    login_staff(client, StaffUserFactory())
    last = committee.assignments.get(application__title="Projet 4").application
    response = client.post(
        reverse("committees:decide", args=[committee.pk, last.pk]), {"decision": "decline", "reason": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Page 3 sur 3" in page
    assert "motif du refus" in page and "<details open>" in page


@pytest.mark.django_db
def test_decision_controls_only_on_rows_that_can_be_decided(client):
    committee = _closed_committee()
    open_row = assign(committee, title="Encore à décider")
    assign(committee, title="Déjà refusée", status=S.DECLINED)
    login_staff(client, StaffUserFactory())
    page = client.get(reverse("committees:results", args=[committee.pk])).content.decode()
    assert page.count("Enregistrer la décision") == 1
    assert reverse("committees:decide", args=[committee.pk, open_row.application.pk]) in page
    open_row.application.refresh_from_db()
    assert f'value="{open_row.application.amount_requested}"' in page  # the requested amount is proposed


@pytest.mark.django_db
def test_member_list_puts_what_is_left_to_do_first_and_counts_every_row(client, monkeypatch):
    monkeypatch.setattr(selectors, "DASHBOARD_PER_PAGE", 2)
    committee = CommitteeFactory()
    member = members(committee)[0]
    scorecard(assign(committee, title="A soumise"), member, [3, 3, 3, 3])
    scorecard(assign(committee, title="B brouillon"), member, [3, None, None, None], submitted=False)
    assign(committee, title="C à faire")
    login_staff(client, member)
    dashboard_url = reverse("committees:dashboard")

    first = client.get(dashboard_url).content.decode()
    assert first.index("C à faire") < first.index("B brouillon") and "A soumise" not in first
    second = client.get(dashboard_url, {"page": 2}).content.decode()
    assert "A soumise" in second and "C à faire" not in second
    for page in (first, second):
        assert "3 demandes à évaluer" in page and "à faire : 1, brouillons : 1, soumises : 1" in page
