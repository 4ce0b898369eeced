"""The results page reads its committee (committees.access.committee_for_member), the viewer's
conflicts and the page's rows from SQL compiled once per process (dataide.compiled), and writes
its rows with what every row shares formatted once (committees.results_page): the page is the one
the ORM's queries give, and the rows are those the former writing gave
(tests/committees/results_rows_reference.py), in both languages, for every kind of reader."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.decision_forms import DecisionForm
from applications.models import ApplicationStatus as S
from committees import access, results_page, selectors
from committees.models import AlternateCall, Committee, Recommendation
from dataide.accounts.roles import Role
from dataide.compiled import through_the_orm
from programs.models import GrantTier
from tests.committees import results_rows_reference
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.committees.test_access import _cases
from tests.factories import StaffUserFactory, region
from tests.helpers import login_staff, without_csrf
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db



def _closed(committee):
    Committee.objects.filter(pk=committee.pk).update(scoring_deadline=timezone.localdate() - timedelta(days=1))


def _readers():
    """The committee of test_access's cases and one in Estrie; the seat holders (a declared conflict, their organisme's, a partner's), an alternate called
    in, someone who judges nothing, the DATAide team, regional staff of the committee's region
    and of another, and regional staff of no office."""
    people, assignments = _cases()
    estrie = CommitteeFactory(region=region(ESTRIE))
    readers = [*people, StaffUserFactory(), regional_staff(ESTRIE), StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])]
    return readers, assignments, estrie


def _page(client, committee_pk, page):
    response = client.get(reverse("committees:results", args=[committee_pk]), {"page": page})
    return response.status_code, without_csrf(response.content.decode())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_results_page_is_the_page_the_orm_gives(client, monkeypatch, language):
    readers, assignments, estrie = _readers()
    committee = assignments[0].committee
    _closed(committee)
    _closed(estrie)
    assign(estrie, title="Projet en Estrie")
    monkeypatch.setattr(selectors, "RESULTS_PER_PAGE", 2)  # pages of 2 rows, then of 1 or 2
    statuses = []
    for reader in readers:
        login_staff(client, reader)
        for committee_pk in (committee.pk, estrie.pk):
            for page in (1, 2):
                with translation.override(language):
                    compiled = _page(client, committee_pk, page)
                    with through_the_orm():
                        expected = _page(client, committee_pk, page)
                assert compiled == expected, (reader, committee_pk, page)
                statuses.append(compiled[0])
    # Two pages each: the three seats and the DATAide team read the committee, the team and staff
    # of Estrie the one in Estrie; every other pair is a 404 (8 readers × 2 committees), the
    # alternate's too (they hold no seat: their page is the scorecard of the application they are
    # called on).
    assert (statuses.count(200), statuses.count(404)) == (2 * (4 + 2), 2 * (8 * 2 - 6))


def test_the_committee_found_is_the_one_the_orm_finds():
    readers, assignments, estrie = _readers()
    committee = assignments[0].committee
    found = 0
    for reader in readers:
        for committee_pk in (committee.pk, estrie.pk, 0):
            try:
                compiled = access.committee_for_member(reader, committee_pk)
            except access.Http404:
                compiled = None
            with through_the_orm():
                try:
                    expected = access.committee_for_member(reader, committee_pk)
                except access.Http404:
                    expected = None
            assert (compiled is None) == (expected is None), (reader, committee_pk)
            if compiled is not None:
                found += 1
                assert (compiled.pk, compiled.region.pk, compiled.viewer_sits) == (
                    expected.pk, expected.region.pk, expected.viewer_sits,
                )
    assert found == 3 + 2 + 1  # the seats, the team (both), staff of Estrie (theirs)


def test_the_counts_leave_out_the_readers_conflicts():
    """Submitted and expected scorecards, over the applications the reader sees (a subset when
    they have conflicts), as the ranking's columns add up."""
    readers, (_answered, unanswered, _conflicted, called, _unassigned), _estrie = _readers()
    committee = unanswered.committee
    for assignment in (unanswered, called):
        for member in members(committee)[:2]:
            scorecard(assignment, member, [4, 3, 2, 1])
    calls = 0
    for reader in readers[:5]:
        results = selectors.committee_results(committee, viewer=reader)
        ranking = results.ranking
        shown = [index for index, pk in enumerate(ranking.pks) if not committee.assignments.filter(
            pk=pk).filter(selectors.conflicted(reader)).exists()]
        assert results.assigned == len(shown)
        assert results.submitted == sum(ranking.counted[index] for index in shown)
        assert results.expected == selectors.expected_scorecards(
            seats=ranking.seats, assignments=len(shown), calls=sum(ranking.calls[index] for index in shown),
            conflicts=sum(ranking.conflicts[index] for index in shown),
        )
        calls += sum(ranking.calls[index] for index in shown)
    assert {len(selectors.committee_results(committee, viewer=reader).ranking.pks) for reader in readers[:5]} == {4}
    assert AlternateCall.objects.exists() and calls > 0


# --- The rows, as the former writing wrote them ----------------------------------------------


def _varied_rows():
    """Rows of every status the page shows, titles and names to escape, amounts with cents,
    tiers with names to escape, one awarded (its amount and its feedback letter)."""
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    seated = members(committee)
    titles = ['<script>alert("x")</script>', "Café & cie", "", "L'autre", "Plain"]
    statuses = [S.IN_REVIEW, S.SUBMITTED, S.AWARDED, S.DECLINED, S.WAITLISTED]
    for index, (title, status) in enumerate(zip(titles, statuses, strict=True)):
        assignment = assign(committee, title=title, status=status, amount_requested=Decimal("4999.50") + index * 1000)
        if status == S.AWARDED:
            assignment.application.amount_awarded = Decimal("3500.25")
            assignment.application.save(update_fields=["amount_awarded"])
        for card_member, recommendation in zip(seated[: index % 4 + 1], Recommendation.values, strict=False):
            scorecard(assignment, card_member, [index % 6, 3, "na", 4], recommendation=recommendation)
    GrantTier.objects.update(name_fr="Volet « A & B »", name_en="Tier <A & B>")
    return committee


def _rejected(application, data):
    form = DecisionForm(data, status=application.status)
    form.is_valid()
    form.add_error(None, "Refusée : <quota>")
    form.add_error("reason", "Motif & contexte")
    return form


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@pytest.mark.parametrize("can_decide", [True, False])
def test_the_rows_are_those_the_former_writing_wrote(language, can_decide):
    committee = _varied_rows()
    rows = selectors.committee_results(committee).rows
    assert {row.application.status for row in rows} == {S.IN_REVIEW, S.SUBMITTED, S.AWARDED, S.DECLINED, S.WAITLISTED}
    decidable = next(row.application for row in rows if row.can_decide)
    cases = [
        None,
        (decidable.pk, _rejected(decidable, {"decision": "award", "amount": "99999", "reason": "<b>Bravo</b>"})),
        (decidable.pk, _rejected(decidable, {"decision": "", "amount": "", "reason": ""})),
    ]
    with translation.override(language):
        for failed in cases:
            new = results_page.result_rows(rows, committee, can_decide=can_decide, csrf_token="jeton&", failed=failed)
            old = results_rows_reference.result_rows(rows, committee, can_decide=can_decide, csrf_token="jeton&", failed=failed)
            assert new == old, failed
    if can_decide:
        assert "is-invalid" in new and "Motif &amp; contexte" in new and "&lt;quota&gt;" in new
        assert "lettre" in new.lower() or "letter" in new.lower()
