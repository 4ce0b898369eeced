"""The waitlist follows the committee's ranking, not the date an application was waitlisted.

The published order (README « Waitlist and ranking », and the results page):
1. a result the committee finalised (its quorum of scorecards counted) before one it did not;
2. the higher committee mean of weighted scores (out of 5);
3. the smaller spread between members (more agreement);
4. the earlier submission (`submitted_at`), then the application number — the tie-break rule.

This app cannot import the committees: the app that ranks registers, at app-ready time, a function
giving the first three terms for the applications it ranked (`register_ranking`, like
`decisions.register_review_check`). An application nobody ranked comes after the ranked ones.
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from .models import Application
from .statuses import ApplicationStatus as S

# quorum not met, no mean, minus the mean, the spread: worse than any ranked result.
UNRANKED = (True, True, Decimal(0), Decimal(99))

_rankings: list[Callable[[list[int]], dict[int, tuple]]] = []


def register_ranking(ranking: Callable[[list[int]], dict[int, tuple]]) -> None:
    """`ranking(application_ids)` returns {application id: sortable key, smaller is better} for
    those it ranked."""
    if ranking not in _rankings:
        _rankings.append(ranking)


def tie_break(submitted_at: datetime | None, number: str | None, pk: int) -> tuple:
    """The published tie-break: earlier submission first, then the application number."""
    return (submitted_at is None, submitted_at or datetime.min, number or "", pk)


def rank_keys(applications: Iterable[Application]) -> dict[int, tuple]:
    applications = list(applications)
    keys: dict[int, tuple] = {}
    for ranking in _rankings:
        for application_id, key in ranking([a.pk for a in applications if a.pk not in keys]).items():
            keys.setdefault(application_id, tuple(key))
    return {
        application.pk: keys.get(application.pk, UNRANKED)
        + tie_break(application.submitted_at, application.number, application.pk)
        for application in applications
    }


def ordered_waitlist(tier, region_id=None) -> list[Application]:
    """The tier's waitlisted applications (of one region if given), best-ranked first."""
    waitlisted = Application.objects.filter(tier=tier, status=S.WAITLISTED).select_related("organisme")
    if region_id is not None:
        waitlisted = waitlisted.filter(region_id=region_id)
    applications = list(waitlisted)
    keys = rank_keys(applications)
    return sorted(applications, key=lambda application: keys[application.pk])


def best_waitlisted(tier, region_id=None) -> Application | None:
    waitlist = ordered_waitlist(tier, region_id)
    return waitlist[0] if waitlist else None
