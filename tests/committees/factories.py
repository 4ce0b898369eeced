"""Committee factories: a valid committee has its four seats, the regional one held by staff of
the Centraide covering the region."""

from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import ApplicationStatus
from committees.models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    ConflictReason,
    CriterionScore,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    Seat,
    SeatKind,
)
from dataide.accounts.roles import Role
from programs.models import CentraideOffice
from tests.factories import (
    ApplicationFactory,
    OrganismeFactory,
    UserFactory,
    region,
    tier,
)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Comité Montréal {n}")
    region = factory.LazyFunction(region)
    scoring_deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    @factory.post_generation
    def tiers(committee, create, extracted, **kwargs):
        if create:
            committee.tiers.set(extracted or [tier()])

    @factory.post_generation
    def seated(committee, create, extracted, **kwargs):
        """Fill the four seats unless seated=False."""
        if create and extracted is not False:
            for kind in SeatKind:
                seat_member(committee, kind)


def seat_member(committee, kind, user=None):
    user = user or UserFactory(roles=[Role.COMMITTEE_MEMBER])
    if kind == SeatKind.REGIONAL_CENTRAIDE:
        CentraideOffice.objects.filter(regions=committee.region).first().staff.add(user)
    return Seat.objects.create(committee=committee, kind=kind, user=user, organisation=f"Organisation de {user}")


def members(committee):
    return [seat.user for seat in committee.seats.select_related("user").order_by("kind")]


def assign(committee, **application_kwargs):
    application_kwargs.setdefault("status", ApplicationStatus.IN_REVIEW)
    application_kwargs.setdefault("organisme", OrganismeFactory(region=committee.region))
    application = ApplicationFactory(**application_kwargs)
    return Assignment.objects.create(committee=committee, application=application)


def declare(assignment, member, has_conflict=False, reason=None):
    reason = reason if reason is not None else (ConflictReason.OTHER if has_conflict else "")
    return ConflictDeclaration.objects.create(
        assignment=assignment, member=member, has_conflict=has_conflict, reason=reason
    )


def scorecard(assignment, member, scores, *, submitted=True, recommendation=Recommendation.FUND, comment=""):
    """`scores`: one value per criterion of the tier's current criteria, in order; "na" for
    « sans objet »."""
    declare(assignment, member)
    criteria_set = assignment.application.tier.current_criteria_set
    card = Scorecard.objects.create(
        assignment=assignment,
        member=member,
        criteria_set=criteria_set,
        status=ScorecardStatus.SUBMITTED if submitted else ScorecardStatus.DRAFT,
        submitted_at=timezone.now() if submitted else None,
        recommendation=recommendation,
        general_comment=comment,
    )
    for criterion, value in zip(criteria_set.criteria.order_by("position"), scores, strict=True):
        CriterionScore.objects.create(
            scorecard=card,
            criterion=criterion,
            score=None if value == "na" else value,
            not_applicable=value == "na",
            comment=f"Commentaire de {member} sur {criterion}",
        )
    if submitted:  # what committees.services.save_scorecard stores on submission
        card.set_totals(card.scores.select_related("criterion"))
        card.save(update_fields=["weighted_total", "total_weight"])
    return card
