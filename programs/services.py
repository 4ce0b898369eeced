"""State changes of what the program offers: its settings, its tiers (quota, envelope, maximum,
window), the regional Centraides and the regions they cover, and the versions of the selection
criteria. Configuration is state too (Zulip's do_set_realm_property): each change checks the
actor, validates, locks the row, and records an audit event holding the old and new values. The
admin calls these services; it does not save these models itself."""

from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.configuration import save_configuration
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.broker import queue_task
from dataide.documents import render_pdf
from dataide.formatting import format_money

from .models import (
    CentraideOffice,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    GrantTier,
    Program,
    SelectionGuide,
    YearShare,
)
from .usage import forget_shown_usage, tier_in_use
from .years import program_year, program_years


def _require(actor, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied


# --- Configuration: program, tiers, regional Centraides ----------------------------------------


def save_program(*, actor, program: Program, fields=()) -> Program:
    """Create the program, or save the `fields` an admin form changed."""
    return save_configuration(actor=actor, instance=program, fields=fields, action=AuditEventType.PROGRAM_CHANGED)


def check_tier(tier: GrantTier) -> None:
    """The rules of a tier's settings beyond its fields: the window is in order, and the quota and
    envelope never go below what is already awarded (counted by the apps that award, through
    programs.usage). The admin form calls it to show the errors beside the fields; save_tier
    checks again under the tier's lock."""
    errors = {}
    if tier.window_opens_on and tier.window_closes_on and tier.window_closes_on < tier.window_opens_on:
        errors["window_closes_on"] = ValidationError(
            _("La fermeture des demandes doit suivre leur ouverture."), code="window_order"
        )
    if tier.pk:
        in_use = tier_in_use(tier)
        if tier.quota is not None and tier.quota < in_use.awards:
            errors["quota"] = ValidationError(
                _("Le volet compte déjà %(awards)d bourses accordées : le nombre de bourses ne peut pas être "
                  "inférieur.") % {"awards": in_use.awards},
                code="quota_below_awards",
            )
        if tier.budget_envelope is not None and tier.budget_envelope < in_use.awarded_amount:
            errors["budget_envelope"] = ValidationError(
                _("%(amount)s sont déjà accordés dans ce volet : l'enveloppe ne peut pas être inférieure.")
                % {"amount": format_money(in_use.awarded_amount)},
                code="envelope_below_awards",
            )
        shares = YearShare.objects.filter(tier=tier).aggregate(places=Sum("places"), envelope=Sum("envelope"))
        if tier.quota is not None and shares["places"] and tier.quota < shares["places"]:
            errors.setdefault("quota", ValidationError(
                _("Les parts annuelles du volet totalisent %(places)d bourses : le nombre de bourses ne peut pas "
                  "être inférieur.") % {"places": shares["places"]},
                code="quota_below_shares",
            ))
        if tier.budget_envelope is not None and shares["envelope"] and tier.budget_envelope < shares["envelope"]:
            errors.setdefault("budget_envelope", ValidationError(
                _("Les parts annuelles du volet totalisent %(amount)s : l'enveloppe ne peut pas être inférieure.")
                % {"amount": format_money(shares["envelope"])},
                code="envelope_below_shares",
            ))
    if errors:
        raise ValidationError(errors)


def save_tier(*, actor, tier: GrantTier, fields=()) -> GrantTier:
    """Create a tier, or save the `fields` an admin form changed (quota, envelope, maximum,
    window…). Decisions lock the same tier row, so an award cannot slip past a lowered quota."""
    return save_configuration(
        actor=actor, instance=tier, fields=fields, action=AuditEventType.TIER_CHANGED, check=check_tier
    )


def check_year_share(share: YearShare) -> None:
    """A year's share lies within the program's years, the shares of a tier never add up to more
    than its quota or envelope, and a share never goes below what its year has already awarded
    (counted through programs.usage, by the decision date). The admin form calls it beside the
    fields; save_year_share checks again under the tier's lock."""
    if not share.tier_id or share.year is None or share.places is None or share.envelope is None:
        return  # the fields' own errors say what is missing
    tier = share.tier
    years = program_years(tier.program)
    if not 1 <= share.year <= len(years):
        raise ValidationError({"year": ValidationError(
            _("Le programme compte %(count)d années : choisissez une année de 1 à %(count)d.") % {"count": len(years)},
            code="year_outside_program",
        )})
    errors = {}
    others = YearShare.objects.filter(tier=tier).exclude(pk=share.pk).aggregate(
        places=Sum("places"), envelope=Sum("envelope")
    )
    places = (others["places"] or 0) + share.places
    envelope = (others["envelope"] or 0) + share.envelope
    if places > tier.quota:
        errors["places"] = ValidationError(
            _("Les parts annuelles totaliseraient %(places)d bourses, plus que les %(quota)d du volet %(tier)s.")
            % {"places": places, "quota": tier.quota, "tier": tier},
            code="shares_above_quota",
        )
    if envelope > tier.budget_envelope:
        errors["envelope"] = ValidationError(
            _("Les parts annuelles totaliseraient %(amount)s, plus que l'enveloppe du volet %(tier)s (%(envelope)s).")
            % {"amount": format_money(envelope), "tier": tier, "envelope": format_money(tier.budget_envelope)},
            code="shares_above_envelope",
        )
    in_use = tier_in_use(tier, program_year(tier.program, share.year))
    if share.places < in_use.awards:
        errors.setdefault("places", ValidationError(
            _("L'année %(year)d compte déjà %(awards)d bourses accordées : sa part ne peut pas être inférieure.")
            % {"year": share.year, "awards": in_use.awards},
            code="share_below_awards",
        ))
    if share.envelope < in_use.awarded_amount:
        errors.setdefault("envelope", ValidationError(
            _("%(amount)s sont déjà accordés l'année %(year)d : sa part de l'enveloppe ne peut pas être inférieure.")
            % {"amount": format_money(in_use.awarded_amount), "year": share.year},
            code="share_envelope_below_awards",
        ))
    if errors:
        raise ValidationError(errors)


def _lock_tiers_of(share: YearShare) -> None:
    """Lock the share's tier (and the one it had, if it moves) before the share: decisions lock
    the tier too, so an award and a smaller share take turns and the count stays true."""
    ids = {share.tier_id}
    if share.pk:
        ids |= set(YearShare.objects.filter(pk=share.pk).values_list("tier_id", flat=True))
    list(GrantTier.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


def save_year_share(*, actor, share: YearShare, fields=()) -> YearShare:
    """Create or change the share of a program year in a tier's quota and envelope."""
    _require(actor, f"programs.{'change' if share.pk else 'add'}_yearshare")
    with transaction.atomic():
        _lock_tiers_of(share)
        saved = save_configuration(
            actor=actor, instance=share, fields=fields, action=AuditEventType.YEAR_SHARE_CHANGED,
            check=check_year_share,
        )
        forget_shown_usage()  # the committees' results show the year's share
        return saved


def delete_year_share(*, actor, share: YearShare) -> None:
    """Remove a year's share: that year is then bounded by the tier's whole quota only."""
    _require(actor, "programs.delete_yearshare")
    with transaction.atomic():
        _lock_tiers_of(share)
        share = YearShare.objects.select_for_update().select_related("tier").get(pk=share.pk)
        record_event(
            actor=actor, action=AuditEventType.YEAR_SHARE_DELETED, target=share.tier,
            year=share.year, places=share.places, envelope=str(share.envelope),
        )
        share.delete()
        forget_shown_usage()


def save_centraide_office(*, actor, office: CentraideOffice, fields=(), regions=None, staff=None) -> CentraideOffice:
    """Create a regional Centraide or change it, with the regions it covers and its staff (they
    decide whose committees it seats and which applications its staff see)."""
    relations = {name: list(value) for name, value in (("regions", regions), ("staff", staff)) if value is not None}

    def check(office):
        if "regions" in relations and not relations["regions"]:
            raise ValidationError(
                {"regions": ValidationError(_("Un Centraide régional dessert au moins une région."), code="no_region")}
            )

    return save_configuration(
        actor=actor, instance=office, fields=fields, action=AuditEventType.CENTRAIDE_OFFICE_CHANGED,
        check=check, relations=relations,
    )


# --- Selection criteria: versions and guides ---------------------------------------------------

CRITERIA_PERMISSION = "programs.change_criteriaset"


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


def _refuse_published(criteria_set: CriteriaSet) -> None:
    if criteria_set.published_at:
        raise ValidationError(
            _("La version %(version)s est publiée : elle ne change plus. Créez une nouvelle version pour la "
              "modifier.") % {"version": criteria_set.version},
            code="criteria_frozen",
        )


def create_criteria_draft(*, actor, tier: GrantTier) -> CriteriaSet:
    """Start the next version of a tier's criteria as a copy of the current one. It is a draft:
    staff edit it, then publish it; scorecards keep the version they were made with."""
    _require(actor, "programs.add_criteriaset")
    with transaction.atomic():
        tier = GrantTier.objects.select_for_update().get(pk=tier.pk)
        sets = CriteriaSet.objects.filter(tier=tier)
        if sets.filter(published_at__isnull=True).exists():
            raise ValidationError(
                _("Une version brouillon de cette grille existe déjà : modifiez-la ou publiez-la."), code="draft_exists"
            )
        current = sets.published().first()
        draft = CriteriaSet.objects.create(
            tier=tier, version=(sets.aggregate(last=Max("version"))["last"] or 0) + 1, notes=""
        )
        if current is not None:
            for criterion in current.criteria.prefetch_related("levels"):
                levels = list(criterion.levels.all())
                criterion.pk, criterion.criteria_set = None, draft
                criterion.save()
                CriterionLevel.objects.bulk_create(
                    CriterionLevel(criterion=criterion, score=level.score, descriptor_fr=level.descriptor_fr,
                                   descriptor_en=level.descriptor_en)
                    for level in levels
                )
        data = {"copied_from": current.version} if current else {}
        record_event(
            actor=actor, action=AuditEventType.CRITERIA_DRAFT_CREATED, target=draft, version=draft.version, **data
        )
    return draft


def criteria_changed(*, actor, criteria_set: CriteriaSet) -> None:
    """A draft's criteria were edited (in the admin's transaction): record it. A published set is
    frozen; the models refuse to save it too, this gives the clear message first."""
    _require(actor, CRITERIA_PERMISSION)
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        _refuse_published(criteria_set)
        record_event(
            actor=actor, action=AuditEventType.CRITERIA_CHANGED, target=criteria_set, version=criteria_set.version
        )


def publish_criteria_set(*, actor, criteria_set: CriteriaSet) -> CriteriaSet:
    """Make a draft the current version: it prints the guide and builds new scorecards, while the
    scorecards already made keep theirs. The weights must total 100 %."""
    _require(actor, CRITERIA_PERMISSION)
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if criteria_set.published_at:
            return criteria_set
        criteria = list(Criterion.objects.filter(criteria_set=criteria_set))
        if not criteria:
            raise ValidationError(_("Ajoutez au moins un critère avant de publier la grille."), code="no_criteria")
        total = sum(criterion.weight for criterion in criteria)
        if total != 100:
            raise ValidationError(
                _("Les pondérations totalisent %(total)s %% : elles doivent totaliser 100 %%.") % {"total": total},
                code="weights_not_100",
            )
        previous = CriteriaSet.objects.filter(tier_id=criteria_set.tier_id).published().first()
        criteria_set.published_at = timezone.now()
        criteria_set.save(update_fields=["published_at"])
        data = {"previous": previous.version} if previous else {}
        record_event(
            actor=actor, action=AuditEventType.CRITERIA_PUBLISHED, target=criteria_set,
            version=criteria_set.version, **data,
        )
        transaction.on_commit(partial(_queue_guide_builds, criteria_set.pk))
    return criteria_set
