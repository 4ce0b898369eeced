"""The scorecard page reads the member's scorecard, its scores and the application's documents
from SQL compiled once per process (dataide.compiled): the page is the one the ORM's queries give,
with no scorecard yet, a draft, a submitted one with a « sans objet », in both languages."""


import pytest
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from applications.models import BudgetLine
from committees.models import Scorecard
from committees.selectors import _scores_with_criteria, own_scorecard
from dataide.compiled import through_the_orm
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, declare, members, scorecard
from tests.factories import UserFactory
from tests.helpers import login_staff, without_csrf

pytestmark = pytest.mark.django_db


def _page(client, application_pk):
    response = client.get(reverse("committees:application", args=[application_pk]))
    assert response.status_code == 200
    return without_csrf(response.content.decode())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_scorecard_page_is_the_page_the_orm_gives(client, language):
    committee = CommitteeFactory()
    community, team, it, _regional = members(committee)
    fresh, drafted, submitted = (assign(committee) for _index in range(3))
    AttachmentFactory(application=submitted.application, original_name="devis-portables.pdf")
    AttachmentFactory(application=submitted.application, original_name="soumission « B ».pdf")
    for position, description in ((2, "Formation « B »"), (0, "Portables"), (1, "Licences <logiciel>")):
        BudgetLine.objects.create(
            application=submitted.application, position=position, category="equipment", description=description, amount=1000
        )
    declare(fresh, community)
    scorecard(drafted, community, [4, "na", 3, 2, 5][: _criteria(drafted)], submitted=False, comment="À revoir")
    scorecard(submitted, community, [5, 4, "na", 3, 2][: _criteria(submitted)], comment="Solide <b>projet</b>")
    scorecard(submitted, team, [1, 2, 3, 4, 5][: _criteria(submitted)])
    login_staff(client, community)
    pages = []
    for assignment in (fresh, drafted, submitted):
        with translation.override(language):
            compiled = _page(client, assignment.application_id)
            with through_the_orm():
                expected = _page(client, assignment.application_id)
        assert compiled == expected, assignment
        pages.append(compiled)
    assert "devis-portables.pdf" in pages[2] and "soumission « B ».pdf" in pages[2]
    assert "À revoir" in pages[1] and "Solide &lt;b&gt;projet&lt;/b&gt;" in pages[2]
    # The budget lines, read as a prefetch would, in their order.
    budget = [pages[2].index(text) for text in ("Portables", "Licences &lt;logiciel&gt;", "Formation « B »")]
    assert budget == sorted(budget) and "Portables" not in pages[1]
    # Every score of the member's own scorecards is on its page (and none of the other member's).
    for page, assignment in ((pages[1], drafted), (pages[2], submitted)):
        own = assignment.scorecards.get(member=community)
        assert all(score.comment in page for score in own.scores.all()), assignment
    assert str(team) not in pages[2]


def test_the_own_scorecard_is_the_one_the_orm_prefetches(django_assert_num_queries):
    committee = CommitteeFactory()
    community, team, _it, _regional = members(committee)
    assignment = assign(committee)
    scorecard(assignment, community, [5, 4, "na", 3, 2][: _criteria(assignment)], comment="Solide")
    scorecard(assignment, team, [1, 2, 3, 4, 5][: _criteria(assignment)])
    expected = (
        Scorecard.objects.filter(assignment=assignment, member=community).select_related("criteria_set")
        .prefetch_related(Prefetch("scores", queryset=_scores_with_criteria())).get()
    )
    with django_assert_num_queries(2):
        own = own_scorecard(assignment, community)
        facts = _facts(own)
    assert facts == _facts(expected)
    assert own_scorecard(assignment, UserFactory()) is None


def _facts(card):
    return (
        card.pk, card.member_id, card.status, card.criteria_set.pk, card.criteria_set.version,
        [(score.pk, score.criterion.position, score.criterion.weight, score.score, score.not_applicable, score.comment, score.scorecard is card)
         for score in card.scores.all()],
    )


def _criteria(assignment) -> int:
    return assignment.application.tier.current_criteria_set.criteria.count()
