"""What a feedback letter shows, read from the scorecards the results count (submitted, member
without a conflict of interest): the committee's mean per criterion, placed on the criterion's
scale, and the overall result. No member is named: the letter speaks for the committee."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.statuses import ApplicationStatus
from programs.models import Criterion, CriterionLevel

from ..aggregation import ApplicationResult
from ..models import Assignment, ConflictDeclaration, CriterionScore, Scorecard, ScorecardStatus
from ..selectors import _application_results
from .models import FeedbackLetter

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionMean:
    criterion: Criterion
    mean: Decimal | None
    """Mean of the members' scores on this criterion (0–5), « sans objet » left out; None when
    every counted member marked it « sans objet »."""
    scored: int
    not_applicable: int

    @property
    def level(self) -> CriterionLevel | None:
        """The level of the scale nearest to the mean (half up)."""
        if self.mean is None:
            return None
        nearest = int(self.mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return next((level for level in self.criterion.levels.all() if level.score == nearest), None)

    @property
    def next_level(self) -> CriterionLevel | None:
        """The level above the nearest one: what the committee would have scored higher."""
        level = self.level
        if level is None:
            return None
        return next((other for other in self.criterion.levels.all() if other.score == level.score + 1), None)


def counted_scorecards(assignment: Assignment):
    """The scorecards the results count: submitted, member without a conflict of interest."""
    conflicted = ConflictDeclaration.objects.filter(
        assignment=OuterRef("assignment"), member=OuterRef("member"), has_conflict=True
    )
    return Scorecard.objects.filter(assignment=assignment, status=ScorecardStatus.SUBMITTED).exclude(Exists(conflicted))


def criterion_means(assignment: Assignment) -> list[CriterionMean]:
    """One row per criterion scored, in the grid's order. Two queries."""
    scored = Q(not_applicable=False, score__isnull=False)
    rows = {
        row["criterion_id"]: row
        for row in CriterionScore.objects.filter(scorecard__in=counted_scorecards(assignment))
        .order_by()
        .values("criterion_id")
        .annotate(mean=Avg("score", filter=scored), scored=Count("pk", filter=scored), na=Count("pk", filter=Q(not_applicable=True)))
    }
    criteria = Criterion.objects.filter(pk__in=rows).prefetch_related(
        Prefetch("levels", queryset=CriterionLevel.objects.order_by("score"))
    ).order_by("position", "pk")
    return [
        CriterionMean(
            criterion=criterion,
            mean=None if rows[criterion.pk]["mean"] is None else Decimal(rows[criterion.pk]["mean"]).quantize(TWO_PLACES),
            scored=rows[criterion.pk]["scored"],
            not_applicable=rows[criterion.pk]["na"],
        )
        for criterion in criteria
    ]


def overall_result(assignment: Assignment) -> ApplicationResult:
    results, _counted = _application_results([assignment.pk], {assignment.pk: assignment.committee.quorum})
    return results[assignment.pk]


@dataclass(frozen=True)
class SourceComment:
    criterion: str
    text: str


def source_comments(assignment: Assignment) -> list[SourceComment]:
    """The members' comments, for staff to read before writing the letter: never printed as
    they are, and shown without their author so a name is not copied by accident."""
    cards = counted_scorecards(assignment).prefetch_related(
        Prefetch("scores", queryset=CriterionScore.objects.exclude(comment="").select_related("criterion"))
    )
    comments = []
    for card in cards.order_by("submitted_at", "pk"):
        comments += [SourceComment(str(row.criterion), row.comment) for row in card.scores.all()]
        if card.general_comment:
            comments.append(SourceComment("", card.general_comment))
    return comments


def committee_people(assignment: Assignment) -> list:
    """Everyone who sat on or was called in for the application's committee: their names and
    e-mail addresses must never appear in a letter."""
    committee = assignment.committee
    return list(
        get_user_model().objects.filter(
            Q(committee_seats__committee=committee) | Q(committee_alternates__committee=committee)
        ).distinct()
    )


def default_next_steps(application) -> str:
    """What staff start from for « Et maintenant ? »: when the organisme may apply again (the
    tier's window), or what the waiting list means. Staff edit it before saving."""

    tier = application.tier
    if application.status == ApplicationStatus.WAITLISTED:
        return _(
            "Votre demande reste sur la liste d'attente, dans l'ordre du classement du comité : elle pourra être "
            "acceptée si des fonds se libèrent. Nous vous écrirons si c'est le cas."
        )
    if tier.is_window_open(timezone.localdate()):
        return _(
            "Vous pouvez déposer une nouvelle demande au volet %(tier)s jusqu'au %(date)s, en tenant compte des "
            "points ci-dessus."
        ) % {"tier": tier.localized("name"), "date": date_format(tier.window_closes_on, "DATE_FORMAT")}
    return _(
        "La période de dépôt du volet %(tier)s est terminée ; la prochaine sera annoncée sur le site du programme."
    ) % {"tier": tier.localized("name")}


def sent_letter_link(application) -> list[tuple[str, str]]:
    """Registered with applications.display: the sent letter on the organisme's page."""

    if not FeedbackLetter.objects.filter(application=application, sent_at__isnull=False).exists():
        return []
    return [(_("Télécharger la lettre de rétroaction du comité (PDF)"), reverse("feedback:letter", args=[application.pk]))]
