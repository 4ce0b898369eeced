"""The staff home's waiting lists (applications.staff_panels.waiting_lists) read the ~50 tier ×
region rows as values, not tiers, and write the links of the 5 shown without encoding them
again: the panel is the one the former selector and panel made (kept below as the reference),
in both languages, program-wide and within regions (none, one, two), English names missing
included, with applications of other statuses left out."""

from urllib.parse import urlencode

import pytest
from django.db.models import Count, F
from django.test import RequestFactory
from django.utils import translation

from applications import staff_panels
from applications.models import ApplicationStatus
from dataide.compiled import through_the_orm
from dataide.reversing import view_url
from dataide.staff_home import queue_panel
from programs.models import GrantTier, Region
from tests.factories import ApplicationFactory, OrganismeFactory, tier

pytestmark = pytest.mark.django_db


def _former_waitlists(region_ids) -> list[dict]:
    waiting = {"applications__status": ApplicationStatus.WAITLISTED}
    if region_ids is not None:
        waiting["applications__region__in"] = region_ids
    tiers = (
        GrantTier.objects.filter(**waiting)
        .only("name_fr", "name_en")
        .annotate(
            waiting_region_id=F("applications__region_id"), waiting_region_name=F("applications__region__name"),
            waiting=Count("applications"),
        )
        .order_by("position", "applications__region__code")
    )
    return [
        {"tier": tier, "tier_id": tier.pk, "region_id": tier.waiting_region_id,
         "region__name": tier.waiting_region_name, "count": tier.waiting}
        for tier in tiers
    ]


def _former_changelist_url(**filters) -> str:
    return view_url("admin:applications_application_changelist") + ("?" + urlencode(filters) if filters else "")


def _former_panel(region_ids):
    rows = _former_waitlists(region_ids)
    return queue_panel(
        staff_panels._("Listes d'attente"), (sum(row["count"] for row in rows), rows),
        lambda row: (
            f"{row['tier']} · {row['region__name']}",
            _former_changelist_url(
                status__exact=ApplicationStatus.WAITLISTED, tier__id__exact=row["tier_id"],
                region__id__exact=row["region_id"],
            ),
            staff_panels._("%(count)s en attente") % {"count": row["count"]},
        ),
        more_url=_former_changelist_url(status__exact=ApplicationStatus.WAITLISTED),
        empty=staff_panels._("Aucune liste d'attente."),
    )


def _waiting_everywhere():
    """Waitlisted applications in every tier and in 4 regions (up to 3 per list), others not."""
    tiers = list(GrantTier.objects.order_by("position"))
    GrantTier.objects.filter(pk=tiers[0].pk).update(name_en="")  # not translated yet: French
    regions = list(Region.objects.order_by("code")[:4])
    for index, (grant_tier, area) in enumerate((t, r) for t in tiers for r in regions):
        # One open application per organisme and tier.
        for _count in range(index % 3 + 1):
            ApplicationFactory(organisme=OrganismeFactory(region=area), tier=grant_tier, status=ApplicationStatus.WAITLISTED)
        ApplicationFactory(organisme=OrganismeFactory(region=area), tier=tier(), status=ApplicationStatus.IN_REVIEW)
    return regions


def _seen(panel):
    return panel.title, panel.count, panel.items, panel.more_url, panel.empty


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_waiting_lists_panel_is_the_one_the_former_code_made(language):
    regions = _waiting_everywhere()
    request = RequestFactory().get("/")
    scopes = [None, [regions[0].pk], [regions[1].pk, regions[3].pk], []]
    counts = []
    with translation.override(language):
        for region_ids in scopes:
            panel = _seen(staff_panels.waiting_lists(request, region_ids))
            assert panel == _seen(_former_panel(region_ids)), region_ids
            with through_the_orm():
                assert _seen(staff_panels.waiting_lists(request, region_ids)) == panel
            counts.append(panel[1])
    tiers = GrantTier.objects.count()
    assert counts[0] > counts[2] > counts[1] > counts[3] == 0 and tiers >= 2
