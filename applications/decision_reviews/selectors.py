"""Reads of the demandes de révision: the organisme's page, the staff queue, the public counts."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from dataide.compiled import CompiledQuery
from dataide.staff_home import CompiledQueue
from programs.admin_scoping import within_regions

from .models import DecisionReview, ReviewOutcome
from .services import answer_deadline, decision_of, request_deadline


@dataclass(frozen=True)
class ReviewWindow:
    deadline: date | None
    """The last day to ask (None: the decision cannot be reviewed)."""
    open: bool
    reviews: list


# The application page asks on every visit, mostly of applications that have none: its SQL is
# compiled once per process (dataide.compiled), not on each page (some 1 000 Python calls).
_REVIEWS_OF_APPLICATION = CompiledQuery(
    lambda application_pk: DecisionReview.objects.filter(application_id=application_pk).order_by("requested_at", "pk")
)


def review_window(application, today=None) -> ReviewWindow:
    """What the organisme's page shows: its requests, and whether it may still ask."""
    reviews = _REVIEWS_OF_APPLICATION.run(application_pk=application.pk)
    decision = decision_of(application)
    if decision is None:
        return ReviewWindow(None, False, reviews)
    deadline = request_deadline(decision)
    asked = any(review.decision_id == decision.pk for review in reviews)
    return ReviewWindow(deadline, not asked and (today or timezone.localdate()) <= deadline, reviews)


def _pending_reviews(region_ids):
    queue = (
        DecisionReview.objects.filter(outcome=ReviewOutcome.PENDING)
        .select_related("application__organisme")
        # What the panel shows: not the reasons, the decisions' texts nor the organismes' answers.
        .only("requested_at", "application__number", "application__organisme__legal_name")
    )
    return within_regions(queue, region_ids, "application__region").order_by("requested_at", "pk")


_PENDING_REVIEWS = CompiledQueue(_pending_reviews)


def pending_reviews(region_ids):
    """The requests waiting for an answer, the oldest first, each with `age` and `days_left`
    (before ANSWER_DAYS): (count, first rows), one query."""
    count, rows = _PENDING_REVIEWS.first(region_ids=region_ids)
    today = timezone.localdate()
    for review in rows:
        review.age = (today - timezone.localdate(review.requested_at)).days
        review.days_left = (answer_deadline(review) - today).days
    return count, rows


def review_counts(applications) -> dict[str, int]:
    """Requested, upheld and sent back, over the reviews of `applications` (one query)."""
    return DecisionReview.objects.filter(application__in=applications).aggregate(
        requested=Count("pk"),
        upheld=Count("pk", filter=Q(outcome=ReviewOutcome.UPHELD)),
        sent_back=Count("pk", filter=Q(outcome=ReviewOutcome.SENT_BACK)),
    )
