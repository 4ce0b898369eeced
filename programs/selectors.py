from django.conf import settings
from django.shortcuts import get_object_or_404

from dataide.i18n import short_language

from .models import CriteriaSet, GrantTier, Program, SelectionGuide


def current_program() -> Program | None:
    """DATAide is the program this portal runs; the model allows a later one beside it."""
    return Program.objects.order_by("-starts_on").first()


def public_tier(code: str) -> GrantTier:
    """The tier shown under `code`: the current program's (a later program may reuse the codes)."""
    tiers = GrantTier.objects.select_related("program").with_current_criteria().filter(code=code)
    return get_object_or_404(tiers.order_by("-program__starts_on")[:1])


def current_criteria_set(tier_code: str) -> CriteriaSet:
    """The tier's latest published criteria, with its tier, without the criteria themselves: what
    serving its stored guide needs (one query; `GrantTier.current_criteria_set`'s rule)."""
    published = CriteriaSet.objects.published().select_related("tier__program").filter(tier__code=tier_code)
    return get_object_or_404(published.order_by("-tier__program__starts_on", "-version")[:1])


def guide_language(language_code: str) -> str:
    """The LANGUAGES code under which guides are stored for a reader's language."""
    short = short_language(language_code)
    return next(code for code, _name in settings.LANGUAGES if short_language(code) == short)


def stored_guide(criteria_set, language: str) -> SelectionGuide | None:
    return SelectionGuide.objects.filter(criteria_set=criteria_set, language=language).first()
