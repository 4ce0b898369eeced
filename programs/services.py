from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dataide.audit.services import record_event
from dataide.broker import queue_task
from dataide.documents import render_pdf

from .models import CriteriaSet, SelectionGuide


def _queue_guide_builds(criteria_set_id: int):
    from .tasks import build_selection_guide

    for language, _name in settings.LANGUAGES:
        # A broker that is down only delays the guide: the download builds it when missing.
        queue_task(build_selection_guide, criteria_set_id, language)


def build_selection_guide(*, criteria_set: CriteriaSet, language: str) -> SelectionGuide:
    """Render the guide of one criteria version from the same rows that build the scorecard."""
    tier = criteria_set.tier
    criteria = criteria_set.criteria.prefetch_related("levels")
    pdf = render_pdf(
        "pdf/selection_guide.html",
        {"tier": tier, "program": tier.program, "criteria_set": criteria_set, "criteria": criteria},
        language=language,
    )
    filename = f"guide-{tier.code}-v{criteria_set.version}-{language}.pdf"
    with transaction.atomic():
        guide, _ = SelectionGuide.objects.select_for_update().get_or_create(
            criteria_set=criteria_set, language=language
        )
        old_name = guide.pdf.name
        guide.pdf.save(filename, ContentFile(pdf), save=False)
        guide.save()
    if old_name and old_name != guide.pdf.name:
        guide.pdf.storage.delete(old_name)
    return guide


def criteria_changed(*, actor, criteria_set: CriteriaSet) -> None:
    """Criteria were edited: the stored guides are stale; rebuild them after the commit."""
    with transaction.atomic():
        stale = list(SelectionGuide.objects.select_for_update().filter(criteria_set=criteria_set))
        for guide in stale:
            guide.pdf.delete(save=False)
            guide.delete()
        record_event(actor=actor, action="criteria.changed", target=criteria_set, version=criteria_set.version)
        if criteria_set.published_at:
            transaction.on_commit(partial(_queue_guide_builds, criteria_set.pk))


def publish_criteria_set(*, actor, criteria_set: CriteriaSet) -> CriteriaSet:
    """Make a criteria version the current one: it prints the guide and builds new scorecards."""
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if criteria_set.published_at:
            return criteria_set
        if not criteria_set.criteria.exists():
            raise ValueError("A criteria set needs at least one criterion to be published.")
        criteria_set.published_at = timezone.now()
        criteria_set.save(update_fields=["published_at"])
        record_event(actor=actor, action="criteria.published", target=criteria_set, version=criteria_set.version)
        transaction.on_commit(partial(_queue_guide_builds, criteria_set.pk))
    return criteria_set
