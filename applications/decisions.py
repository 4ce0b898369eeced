"""The decision on an application — award, decline, waitlist, cancel an award — is a state of the
application, recorded here so eligibility and quota counts read it without knowing committees.
Both decision screens (the admin's application page and the committee results page) call
`decide`, and every rule of a decision lives here: who decides, the amount, the quota and the
envelope, and « the review must be over » (asked of the apps that review, see
`register_review_check`). The screens' forms only parse what was typed.

Every decision locks the tier row FIRST, then the application: two staff deciding in the same tier
at the same moment queue behind the same lock, so the quota and the envelope are counted after the
other decision committed and can never be exceeded.
"""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.formatting import format_money
from dataide.i18n import absolute_url
from organismes.services import notify_members
from programs.models import GrantTier

from .models import Application
from .permissions import require
from .selectors import usage_of, year_usage_of
from .statuses import ApplicationStatus as S
from .statuses import Decision, Permission
from .transitions import can_move, move_to
from .waitlist import best_waitlisted

DECIDE_PERMISSION = Permission.DECIDE
DECISION_FIELDS = ["amount_awarded", "decided_at", "decided_by", "decision_reason"]


# --- « The review must be over » -----------------------------------------------------------------

# Later apps in the chain review applications (committees: members score them); this app cannot
# import them, so each registers at app-ready time a check that says why an application cannot
# be decided yet.
_review_checks: list[Callable[[Application], str | None]] = []


def register_review_check(check: Callable[[Application], str | None]) -> None:
    """`check(application)` returns a French sentence while the application's review is still
    under way (it cannot be decided), None once it is over or when it has no review there."""
    if check not in _review_checks:
        _review_checks.append(check)


def _require_review_over(application: Application) -> None:
    for check in _review_checks:
        reason = check(application)
        if reason:
            raise ValidationError(reason, code="review_open")


# --- What follows an award ---------------------------------------------------------------------

# Later apps act on an award (grants: the agreement is generated); each registers at app-ready
# time a hook the award calls inside its transaction, so what it records commits or rolls back
# with the award itself.
_award_hooks: list[Callable] = []


def register_award_hook(hook: Callable) -> None:
    """`hook(application, actor=...)` runs inside the award's transaction, on the locked row."""
    if hook not in _award_hooks:
        _award_hooks.append(hook)


# --- Rules ---------------------------------------------------------------------------------------


def _lock(application: Application) -> tuple[GrantTier, Application]:
    tier = GrantTier.objects.select_for_update().get(pk=application.tier_id)
    locked = Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=application.pk)
    return tier, locked


def _as_amount(amount) -> Decimal:
    """The one amount rule of an award: a positive number of dollars and cents."""
    if amount is None or str(amount).strip() == "":
        raise ValidationError(_("Indiquez le montant accordé."), code="amount_required")
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Le montant accordé doit être un nombre."), code="amount_invalid") from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(_("Le montant accordé doit être supérieur à 0 $."), code="amount_not_positive")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Le montant accordé se donne au cent près."), code="amount_invalid")
    return value.quantize(Decimal("0.01"))


_READ = object()


def check_award(tier: GrantTier, application: Application, amount: Decimal, *, usage=None, year=_READ) -> None:
    """Every rule an award of `amount` must pass, read under the tier's lock by the decision. The
    simulation (committees.simulation) passes the `usage` (TierUsage) and `year` (YearUsage, None
    outside the program's years) its earlier simulated awards would leave; otherwise they are
    read now."""
    if not can_move(application, S.AWARDED):
        raise ValidationError(
            _("Cette demande ne peut pas être accordée : elle est « %(status)s ».") % {"status": application.get_status_display()},
            code="invalid_transition",
        )
    if amount > application.amount_requested:
        raise ValidationError(
            _("Le montant accordé (%(amount)s) dépasse le montant demandé (%(requested)s).")
            % {"amount": format_money(amount), "requested": format_money(application.amount_requested)},
            code="amount_above_requested",
        )
    if amount > tier.max_amount or application.amount_requested > tier.max_amount:
        raise ValidationError(
            _("Le montant dépasse le maximum du volet %(tier)s (%(max)s).")
            % {"tier": tier, "max": format_money(tier.max_amount)},
            code="amount_above_tier_max",
        )
    usage = usage if usage is not None else usage_of(tier)
    if usage.places_left <= 0:
        raise ValidationError(
            _("Les %(quota)s bourses du volet %(tier)s sont toutes accordées : placez la demande sur la liste d'attente.")
            % {"quota": tier.quota, "tier": tier},
            code="quota_exhausted",
        )
    if amount > usage.budget_left:
        raise ValidationError(
            _("L'enveloppe du volet %(tier)s n'a plus que %(left)s de disponible.")
            % {"tier": tier, "left": format_money(usage.budget_left)},
            code="budget_exhausted",
        )
    # The year's share bounds the year on top of the whole quota; an award counts in the year
    # it is decided (today, for a real decision).
    year = year_usage_of(tier, timezone.localdate()) if year is _READ else year
    if year is None or year.share is None:
        return
    if year.places_left <= 0:
        raise ValidationError(
            _("La part de l'année %(year)d du volet %(tier)s (%(places)d bourses) est toute accordée : placez la "
              "demande sur la liste d'attente.")
            % {"year": year.year.number, "tier": tier, "places": year.share.places},
            code="year_share_exhausted",
        )
    if amount > year.budget_left:
        raise ValidationError(
            _("La part de l'année %(year)d de l'enveloppe du volet %(tier)s n'a plus que %(left)s de disponible : "
              "placez la demande sur la liste d'attente.")
            % {"year": year.year.number, "tier": tier, "left": format_money(year.budget_left)},
            code="year_envelope_exhausted",
        )


def _queue_decision_email(application: Application, template: str, **extra) -> None:
    notify_members(
        organisme=application.organisme,
        template=template,
        context={
            "application": application,
            "application_url": absolute_url("applications:detail", application.organisme.preferred_language, application.pk),
            **extra,
        },
        about=application,
        attachments=[{"kind": "award_letter", "id": application.pk}] if template == "decision_awarded" else (),
    )


def _record_decision(application: Application, *, actor, amount=None, reason: str = "") -> None:
    application.amount_awarded = amount
    application.decided_at = timezone.now()
    application.decided_by = actor
    application.decision_reason = reason


def _require_decider(actor, application: Application) -> None:
    require(actor, Permission.DECIDE, application)


def award_application(*, actor, application: Application, amount) -> Application:
    """Award `amount`; raise ValidationError (quota_exhausted, budget_exhausted,
    year_share_exhausted, year_envelope_exhausted, amount_above_requested, amount_above_tier_max, amount_required, amount_invalid,
    amount_not_positive, invalid_transition, review_open)."""
    _require_decider(actor, application)
    amount = _as_amount(amount)
    with transaction.atomic():
        tier, application = _lock(application)
        _require_review_over(application)
        check_award(tier, application, amount)
        _record_decision(application, actor=actor, amount=amount)
        move_to(
            application, S.AWARDED, actor=actor,
            message=_("Bourse de %(amount)s") % {"amount": format_money(amount)},
            extra_fields=DECISION_FIELDS, amount=str(amount),
        )
        for hook in _award_hooks:
            hook(application, actor=actor)
        _queue_decision_email(application, "decision_awarded")
    return application


def decline_application(*, actor, application: Application, reason: str) -> Application:
    """Decline with a reason the organisme will read (required: it deserves to know why)."""
    _require_decider(actor, application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Expliquez à l'organisme le motif du refus."), code="reason_required")
    with transaction.atomic():
        _tier, application = _lock(application)
        _require_review_over(application)
        _record_decision(application, actor=actor, reason=reason)
        move_to(application, S.DECLINED, actor=actor, message=reason, extra_fields=DECISION_FIELDS)
        _queue_decision_email(application, "decision_declined", reason=reason)
    return application


def waitlist_application(*, actor, application: Application, reason: str = "") -> Application:
    """Waitlist; `reason`, if any, is shown to the organisme in its history."""
    _require_decider(actor, application)
    with transaction.atomic():
        _tier, application = _lock(application)
        _require_review_over(application)
        _record_decision(application, actor=actor)
        move_to(application, S.WAITLISTED, actor=actor, message=(reason or "").strip(), extra_fields=DECISION_FIELDS)
        _queue_decision_email(application, "decision_waitlisted")
    return application


def next_waitlisted(tier: GrantTier, region_id=None) -> Application | None:
    """The best-ranked application on the tier's waitlist (of the region, if given), in the
    committee's order (applications.waitlist), not the date it was waitlisted."""
    return best_waitlisted(tier, region_id)


def cancel_award(*, actor, application: Application, reason: str) -> Application | None:
    """Cancel an award: its place and money go back to the tier, the application returns to the
    committee's list. Returns the best-ranked waitlisted application of the same tier and
    region — proposed, not awarded: staff decide on it (the proposal is kept in the audit trail)."""
    _require_decider(actor, application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de l'annulation."), code="reason_required")
    with transaction.atomic():
        tier, application = _lock(application)
        cancelled_amount = application.amount_awarded
        proposed = next_waitlisted(tier, application.region_id)
        application.amount_awarded = None
        application.decided_at = None
        application.decided_by = None
        application.decision_reason = ""
        move_to(
            application, S.IN_REVIEW, actor=actor, message=reason, extra_fields=DECISION_FIELDS,
            cancelled_amount=str(cancelled_amount), proposed_next=proposed.pk if proposed else None,
        )
    return proposed


def decide(*, actor, application: Application, decision: str, amount=None, reason: str = "") -> Application | None:
    """The one entry of both decision screens. Returns the waitlisted application a cancelled
    award proposes, if any (None for the other decisions)."""
    _require_decider(actor, application)
    if decision not in Decision.values:
        raise ValidationError(_("Choisissez une décision."), code="decision_required")
    decision = Decision(decision)
    if decision == Decision.AWARD:
        award_application(actor=actor, application=application, amount=amount)
    elif decision == Decision.DECLINE:
        decline_application(actor=actor, application=application, reason=reason)
    elif decision == Decision.WAITLIST:
        waitlist_application(actor=actor, application=application, reason=reason)
    else:
        return cancel_award(actor=actor, application=application, reason=reason)
    return None
