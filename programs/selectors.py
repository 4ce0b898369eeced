from django.conf import settings
from django.db.models import Subquery
from django.shortcuts import get_object_or_404

from dataide.i18n import short_language

from .models import CriteriaSet, GrantTier, Program, SelectionGuide


def _latest_programs():
    return Program.objects.order_by("-starts_on")


def current_program() -> Program | None:
    """DATAide is the program this portal runs; the model allows a later one beside it."""
    return _latest_programs().first()


def _current_program_id() -> Subquery:
    """`current_program()`'s id as a subquery: the tier and guide lookups stay one query."""
    return Subquery(_latest_programs().values("pk")[:1])


def public_tier(code: str) -> GrantTier:
    """The tier shown under `code`: the current program's (a later program may reuse the codes)."""
    tiers = GrantTier.objects.select_related("program").with_current_criteria()
    return get_object_or_404(tiers, program=_current_program_id(), code=code)


def current_criteria_set(tier_code: str) -> CriteriaSet:
    """The tier's latest published criteria, with its tier, without the criteria themselves: what
    serving its stored guide needs (one query; `GrantTier.current_criteria_set`'s rule)."""
    published = CriteriaSet.objects.published().select_related("tier__program")
    return get_object_or_404(published.filter(tier__program=_current_program_id(), tier__code=tier_code)[:1])


def guide_language(language_code: str) -> str:
    """The LANGUAGES code under which guides are stored for a reader's language."""
    short = short_language(language_code)
    return next(code for code, _name in settings.LANGUAGES if short_language(code) == short)


def stored_guide(criteria_set, language: str) -> SelectionGuide | None:
    return SelectionGuide.objects.filter(criteria_set=criteria_set, language=language).first()
