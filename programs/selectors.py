from django.conf import settings
from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from dataide.compiled import CompiledQuery, prefetched
from dataide.i18n import short_language

from .models import CriteriaSet, Criterion, GrantTier, Program, SelectionGuide


def _latest_programs():
    return Program.objects.order_by("-starts_on")


# Read by the home page, the register and the tier pages on every view: compiled once per process.
_CURRENT_PROGRAM = CompiledQuery(lambda: _latest_programs()[:1])


def current_program() -> Program | None:
    """DATAide is the program this portal runs; the model allows a later one beside it."""
    return _CURRENT_PROGRAM.first()


def _current_program_id() -> Subquery:
    """`current_program()`'s id as a subquery: the tier and guide lookups stay one query."""
    return Subquery(_latest_programs().values("pk")[:1])


# The public tier page is one of the most read: its tier, criteria set and criteria are read with
# SQL compiled once per process (the ORM spent some 10 000 calls a view compiling them).
_PUBLIC_TIER = CompiledQuery(
    lambda code: GrantTier.objects.select_related("program").filter(program=_current_program_id(), code=code)[:1]
)
_LATEST_PUBLISHED_SET = CompiledQuery(lambda tier_pk: CriteriaSet.objects.published().filter(tier_id=tier_pk)[:1])
_CRITERIA_OF_SET = CompiledQuery(lambda set_pk: Criterion.objects.filter(criteria_set_id=set_pk))


def public_tier(code: str) -> GrantTier:
    """The tier shown under `code`: the current program's (a later program may reuse the codes),
    with its `current_criteria_set` and that set's criteria (not their levels, which the page
    does not show) read as `with_current_criteria` keeps them."""
    tier = _PUBLIC_TIER.first(code=code)
    if tier is None:
        raise Http404("No GrantTier matches the given query.")
    criteria_set = _LATEST_PUBLISHED_SET.first(tier_pk=tier.pk)
    if criteria_set is not None:
        criteria_set.tier = tier
        prefetched(criteria_set, "criteria", _CRITERIA_OF_SET.run(set_pk=criteria_set.pk))
    # What `current_criteria_set` reads after `with_current_criteria` (only its first is read).
    tier.published_criteria_sets = [criteria_set] if criteria_set is not None else []
    return tier


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
