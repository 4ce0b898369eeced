"""The waitlist follows the committee's ranking (mean, spread, then the published tie-break:
earlier submission), not the date waitlisted; a cancelled award proposes the best-ranked
waitlisted application of the same tier and region."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.decisions import award_application, cancel_award, waitlist_application
from applications.waitlist import ordered_waitlist
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import OrganismeFactory, StaffUserFactory, region, tier


def _scored(committee, title, scores, submitted_days_ago):
    """An application scored by three members, each giving `scores` (one value per criterion)."""
    assignment = assign(
        committee, title=title, submitted_at=timezone.now() - timedelta(days=submitted_days_ago),
        amount_requested=Decimal("4000"),
    )
    for member in members(committee)[:3]:
        scorecard(assignment, member, scores)
    return assignment.application


@pytest.mark.django_db
def test_the_waitlist_follows_the_committees_ranking_and_a_cancelled_award_proposes_the_best_of_its_region():
    staff = StaffUserFactory()
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    awarded = _scored(committee, "Bourse accordée", [5, 5, 5, 5], 30)
    weak = _scored(committee, "Faible", [2, 2, 2, 2], 20)
    strong = _scored(committee, "Forte", [4, 4, 4, 4], 10)
    # Same mean and spread as `strong`, submitted earlier: the tie-break puts it first.
    tied_earlier = _scored(committee, "Égale, soumise avant", [4, 4, 4, 4], 15)
    elsewhere_committee = CommitteeFactory(region=region("05"), scoring_deadline=committee.scoring_deadline)
    elsewhere = _scored(elsewhere_committee, "Meilleure, autre région", [5, 5, 5, 5], 40)
    grant_tier = tier()
    grant_tier.quota = 1
    grant_tier.save(update_fields=["quota"])
    award_application(actor=staff, application=awarded, amount=Decimal("4000"))
    # Waitlisted in the reverse of their ranking: the date waitlisted must not decide.
    for application in (weak, strong, tied_earlier, elsewhere):
        waitlist_application(actor=staff, application=application)

    assert ordered_waitlist(grant_tier, committee.region_id) == [tied_earlier, strong, weak]
    assert ordered_waitlist(grant_tier) == [elsewhere, tied_earlier, strong, weak]

    proposed = cancel_award(actor=staff, application=awarded, reason="L'organisme renonce au projet.")
    assert proposed == tied_earlier
    assert awarded.organisme.region == committee.region and elsewhere.organisme.region != committee.region


@pytest.mark.django_db
def test_an_application_no_committee_ranked_comes_after_the_ranked_ones():
    staff = StaffUserFactory()
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    ranked = _scored(committee, "Classée", [1, 1, 1, 1], 1)
    unranked = assign(
        committee, organisme=OrganismeFactory(region=committee.region), submitted_at=timezone.now() - timedelta(days=90)
    ).application
    for application in (unranked, ranked):
        waitlist_application(actor=staff, application=application)
    assert ordered_waitlist(tier()) == [ranked, unranked]
