"""May this organisme apply to this tier now, and if not, why not?

The one answer to that question: the dashboard, the application services, the admin and the tests
all call `eligibility` / `eligibility_for_all_tiers`; nothing else re-implements the rule. The
gate comes from trainings (`trainings.gates`); this module adds the tier's window, the
organisme's open applications and past awards, and the places and money left in the tier.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dataide.compiled import CompiledQuery
from dataide.i18n import short_language
from dataide.languages import Language
from programs.models import GrantTier
from trainings.gates import GateStatus, gate_evidence, render_gates

from .models import Application
from .selectors import TierUsage, shown_tier_usage, usage_of
from .statuses import AWARDED_STATUSES, OPEN_STATUSES


@dataclass(frozen=True)
class Reason:
    """A machine-readable code with its sentence in both languages."""

    code: str
    message_fr: str
    message_en: str

    @property
    def message(self) -> str:
        return self.message_en if short_language() == "en" else self.message_fr


@dataclass(frozen=True)
class Eligibility:
    tier: GrantTier
    may_apply: bool
    reasons: list[Reason]
    gate: GateStatus
    summary_fr: str
    summary_en: str
    open_application: Application | None = None
    awarded_application: Application | None = None
    next_webinars: tuple = field(default_factory=tuple)

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    @property
    def summary(self) -> str:
        """One plain sentence: the evidence and the yes, or the first thing to do."""
        return self.summary_en if short_language() == "en" else self.summary_fr

    @property
    def evidence(self) -> str:
        return self.gate.evidence


def eligibility(organisme, tier: GrantTier, *, on: date | None = None, ignore_application=None) -> Eligibility:
    """The answer for one tier. `ignore_application` is the draft being submitted: it must not
    count as "another open application" against itself."""
    on = on or timezone.localdate()
    usage = usage_of(tier)
    applications = _applications_of(organisme, [tier], ignore_application)
    gates = _gates_in_both_languages(organisme, on)
    return _evaluate(tier, usage, applications, gates, on)


def eligibility_for_all_tiers(
    organisme, *, on: date | None = None, tiers=None, applications=None, upcoming_webinars=None,
) -> list[Eligibility]:
    """The answer for every tier, in a number of queries that does not grow with the data.
    `applications`: every application of the organisme, newest first, when the page has already
    read them (the dashboard's list): the answer then reads them instead of asking again.
    `upcoming_webinars`: likewise the next webinars (trainings.gates.gate_evidence's `upcoming`)."""
    on = on or timezone.localdate()
    tiers = tiers if tiers is not None else _TIERS.run()
    usages = shown_tier_usage(tiers)  # what the dashboard shows; submission asks `eligibility`, counted live
    if applications is None:
        applications = _applications_of(organisme, [usage.tier for usage in usages], None)
    gates = _gates_in_both_languages(organisme, on, upcoming_webinars)
    return [_evaluate(usage.tier, usage, applications, gates, on) for usage in usages]


# Every tier with its program, in their order: the same SQL on every dashboard, compiled once.
_TIERS = CompiledQuery(lambda: GrantTier.objects.select_related("program").order_by(*GrantTier._meta.ordering))


def _applications_of(organisme, tiers, ignore_application) -> list[Application]:
    queryset = Application.objects.filter(
        organisme=organisme, tier__in=[tier.pk for tier in tiers], status__in=(*OPEN_STATUSES, *AWARDED_STATUSES)
    )
    if ignore_application is not None:
        queryset = queryset.exclude(pk=ignore_application.pk)
    return list(queryset.only("pk", "tier_id", "status", "number", "organisme_id"))


def _gates_in_both_languages(organisme, on, upcoming=None) -> dict[str, dict[str, GateStatus]]:
    """The evidence is read once; only its sentences differ between the languages."""
    evidence = gate_evidence(organisme, on=on, upcoming=upcoming)
    gates = {}
    for language in Language.values:
        with translation.override(language):
            gates[language] = render_gates(evidence)
    return gates


def _in_both_languages(build) -> tuple[str, str]:
    texts = []
    for language in Language.values:
        with translation.override(language):
            texts.append(str(build()))
    return texts[0], texts[1]


def _reason(code: str, build) -> Reason:
    message_fr, message_en = _in_both_languages(build)
    return Reason(code=code, message_fr=message_fr, message_en=message_en)


def _evaluate(tier, usage: TierUsage, applications, gates, on) -> Eligibility:
    mine = [application for application in applications if application.tier_id == tier.pk]
    open_application = next((a for a in mine if a.status in OPEN_STATUSES), None)
    awarded_application = next((a for a in mine if a.status in AWARDED_STATUSES), None)
    gate = {language: gates[language][tier.gate] for language in Language.values}

    reasons = []
    if not gate["fr-ca"].is_open:
        reasons.append(Reason("gate_closed", gate["fr-ca"].next_step, gate["en"].next_step))
    if not tier.is_window_open(on):
        # The window's rule is the tier's; which side `on` falls on only picks the sentence.
        if on < tier.window_opens_on:
            reasons.append(_reason("window_not_open", lambda: _(
                "Les demandes de bourse %(tier)s ouvriront le %(date)s."
            ) % {"tier": tier.localized("name"), "date": date_format(tier.window_opens_on, "DATE_FORMAT")}))
        else:
            reasons.append(_reason("window_closed", lambda: _(
                "La période de dépôt des demandes de bourse %(tier)s s'est terminée le %(date)s."
            ) % {"tier": tier.localized("name"), "date": date_format(tier.window_closes_on, "DATE_FORMAT")}))
    if open_application is not None:
        reasons.append(_reason("open_application_exists", lambda: _(
            "Votre organisme a déjà une demande de bourse %(tier)s en cours ; il ne peut en avoir qu'une à la fois."
        ) % {"tier": tier.localized("name")}))
    if awarded_application is not None:
        reasons.append(_reason("already_awarded", lambda: _(
            "Votre organisme a déjà reçu une bourse %(tier)s ; une seule bourse par volet est possible."
        ) % {"tier": tier.localized("name")}))
    if usage.places_left <= 0:
        reasons.append(_reason("quota_exhausted", lambda: _(
            "Les %(quota)s bourses %(tier)s ont toutes été accordées."
        ) % {"quota": tier.quota, "tier": tier.localized("name")}))
    elif usage.budget_left <= 0:
        reasons.append(_reason("budget_exhausted", lambda: _(
            "L'enveloppe budgétaire des bourses %(tier)s est épuisée."
        ) % {"tier": tier.localized("name")}))

    may_apply = not reasons
    if may_apply:
        summary_fr, summary_en = _in_both_languages(lambda: _(
            "%(evidence)s Vous pouvez demander une bourse %(tier)s."
        ) % {"evidence": gate[translation.get_language()].evidence, "tier": tier.localized("name")})
    else:
        summary_fr, summary_en = reasons[0].message_fr, reasons[0].message_en
    return Eligibility(
        tier=tier,
        may_apply=may_apply,
        reasons=reasons,
        gate=gate["en"] if short_language() == "en" else gate["fr-ca"],
        summary_fr=summary_fr,
        summary_en=summary_en,
        open_application=open_application,
        awarded_application=awarded_application,
        next_webinars=gate["fr-ca"].next_webinars,
    )
