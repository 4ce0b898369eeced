"""May this organisme apply to this tier now, and if not, why not?

The one answer to that question: the dashboard, the application services, the admin and the tests
all call `eligibility` / `eligibility_for_all_tiers`; nothing else re-implements the rule. The
gate comes from trainings (`trainings.gates`); this module adds the tier's window, the
organisme's open applications and past awards, and the places and money left in the tier.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dataide.compiled import CompiledQuery
from dataide.formatting import long_date
from dataide.i18n import short_language
from dataide.languages import Language
from programs.models import GrantTier
from trainings.gates import GateStatus, gate_evidence, render_gates

from .models import Application
from .selectors import TierUsage, shown_tier_usage, usage_of
from .statuses import AWARDED_STATUSES, OPEN_STATUSES


def _in_language(language: str, write, active: str | None = None) -> str:
    """`write()` in `language`: as it is when that is the active language (what a page reads)."""
    if (active or translation.get_language()) == language:
        return str(write())
    with translation.override(language):
        return str(write())


def _in_readers_language(write) -> str:
    """`write()` in English when the active language is English, else in French (the language
    read once)."""
    active = translation.get_language()
    return _in_language(Language.ENGLISH if short_language(active) == "en" else Language.FRENCH, write, active)


class _Written:
    """A sentence attribute written when read by the instance's `writer` attribute (a function
    writing it in the active language): in `language`, or in the reader's language."""

    def __init__(self, writer: str, language: str | None = None):
        self.writer, self.language = writer, language

    def __get__(self, instance, owner=None) -> str:
        write = getattr(instance, self.writer)
        return _in_readers_language(write) if self.language is None else _in_language(self.language, write)


@dataclass(frozen=True)
class Reason:
    """A machine-readable code with its sentence in either language. The sentence is written
    when it is read, in the language it is read in: a page reads each one once, in its reader's
    language, and writing both up front was a sixth of the organisme dashboard's Python."""

    code: str
    write: Callable[[], str] = field(repr=False, compare=False)  # the sentence in the active language

    message_fr = _Written("write", Language.FRENCH)
    message_en = _Written("write", Language.ENGLISH)
    message = _Written("write")


@dataclass(frozen=True)
class Eligibility:
    tier: GrantTier
    may_apply: bool
    reasons: list[Reason]
    gate: GateStatus
    write_summary: Callable[[], str] = field(repr=False, compare=False)  # in the active language, as Reason.write
    open_application: Application | None = None
    awarded_application: Application | None = None
    next_webinars: tuple = field(default_factory=tuple)

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]

    summary_fr = _Written("write_summary", Language.FRENCH)
    summary_en = _Written("write_summary", Language.ENGLISH)
    summary = _Written("write_summary")  # one plain sentence: the evidence and the yes, or the first thing to do

    @property
    def evidence(self) -> str:
        return self.gate.evidence


def eligibility(organisme, tier: GrantTier, *, on: date | None = None, ignore_application=None) -> Eligibility:
    """The answer for one tier. `ignore_application` is the draft being submitted: it must not
    count as "another open application" against itself."""
    on = on or timezone.localdate()
    usage = usage_of(tier)
    applications = _applications_of(organisme, [tier], ignore_application)
    gates = _Gates(gate_evidence(organisme, on=on))
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
    gates = _Gates(gate_evidence(organisme, on=on, upcoming=upcoming_webinars))
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


class _Gates:
    """The gates' sentences in each language, rendered the first time that language asks: the
    evidence is read once; only its sentences differ between the languages."""

    def __init__(self, evidence):
        self.evidence = evidence
        self._rendered = {}

    def active(self) -> dict[str, GateStatus]:
        language = translation.get_language()
        if language not in self._rendered:
            self._rendered[language] = render_gates(self.evidence)
        return self._rendered[language]


def _evaluate(tier, usage: TierUsage, applications, gates: _Gates, on) -> Eligibility:
    mine = [application for application in applications if application.tier_id == tier.pk]
    open_application = next((a for a in mine if a.status in OPEN_STATUSES), None)
    awarded_application = next((a for a in mine if a.status in AWARDED_STATUSES), None)
    gate = gates.active()[tier.gate]  # whether it is open and its webinars: the same in every language

    def gate_sentence(name):  # the gate's sentence in the language it is read in
        return lambda: getattr(gates.active()[tier.gate], name)

    reasons = []
    if not gate.is_open:
        reasons.append(Reason("gate_closed", gate_sentence("next_step")))
    if not tier.is_window_open(on):
        # The window's rule is the tier's; which side `on` falls on only picks the sentence.
        if on < tier.window_opens_on:
            reasons.append(Reason("window_not_open", lambda: _(
                "Les demandes de bourse %(tier)s ouvriront le %(date)s."
            ) % {"tier": tier.localized("name"), "date": long_date(tier.window_opens_on)}))
        else:
            reasons.append(Reason("window_closed", lambda: _(
                "La période de dépôt des demandes de bourse %(tier)s s'est terminée le %(date)s."
            ) % {"tier": tier.localized("name"), "date": long_date(tier.window_closes_on)}))
    if open_application is not None:
        reasons.append(Reason("open_application_exists", lambda: _(
            "Votre organisme a déjà une demande de bourse %(tier)s en cours ; il ne peut en avoir qu'une à la fois."
        ) % {"tier": tier.localized("name")}))
    if awarded_application is not None:
        reasons.append(Reason("already_awarded", lambda: _(
            "Votre organisme a déjà reçu une bourse %(tier)s ; une seule bourse par volet est possible."
        ) % {"tier": tier.localized("name")}))
    if usage.places_left <= 0:
        reasons.append(Reason("quota_exhausted", lambda: _(
            "Les %(quota)s bourses %(tier)s ont toutes été accordées."
        ) % {"quota": tier.quota, "tier": tier.localized("name")}))
    elif usage.budget_left <= 0:
        reasons.append(Reason("budget_exhausted", lambda: _(
            "L'enveloppe budgétaire des bourses %(tier)s est épuisée."
        ) % {"tier": tier.localized("name")}))

    may_apply = not reasons
    if may_apply:
        evidence = gate_sentence("evidence")

        def write_summary():
            return _("%(evidence)s Vous pouvez demander une bourse %(tier)s.") % {
                "evidence": evidence(), "tier": tier.localized("name"),
            }
    else:
        write_summary = reasons[0].write
    return Eligibility(
        tier=tier,
        may_apply=may_apply,
        reasons=reasons,
        gate=gate,
        write_summary=write_summary,
        open_application=open_application,
        awarded_application=awarded_application,
        next_webinars=gate.next_webinars,
    )
