"""The decision on an application — award, decline, waitlist, cancel an award — is a state of the
application, recorded here so eligibility and quota counts read it without knowing committees.
The committee results page and the admin both call these functions.

Every decision locks the tier row FIRST, then the application: two staff deciding in the same tier
at the same moment queue behind the same lock, so the quota and the envelope are counted after the
other decision committed and can never be exceeded.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.formatting import format_money
from dataide.i18n import absolute_url
from organismes.services import notify_members
from programs.models import GrantTier

from .models import AWARDED_STATUSES, Application
from .models import ApplicationStatus as S
from .transitions import can_move, move_to

DECIDE_PERMISSION = "applications.decide_application"
DECISION_FIELDS = ["amount_awarded", "decided_at", "decided_by", "decision_reason"]


def _require_decider(actor):
    if not actor.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied


def _lock(application: Application) -> tuple[GrantTier, Application]:
    tier = GrantTier.objects.select_for_update().get(pk=application.tier_id)
    locked = Application.objects.select_for_update(of=("self",)).select_related("organisme").get(pk=application.pk)
    return tier, locked


def _tier_totals(tier: GrantTier) -> tuple[int, Decimal]:
    totals = Application.objects.filter(tier=tier, status__in=AWARDED_STATUSES).aggregate(
        awards=Count("pk"),
        amount=Coalesce(Sum("amount_awarded"), Value(Decimal(0)), output_field=DecimalField(max_digits=14, decimal_places=2)),
    )
    return totals["awards"], totals["amount"]


def _as_amount(amount) -> Decimal:
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(_("Le montant accordé doit être un nombre."), code="amount_invalid") from None
    if not value.is_finite() or value <= 0:
        raise ValidationError(_("Le montant accordé doit être supérieur à 0 $."), code="amount_not_positive")
    return value.quantize(Decimal("0.01"))


def _check_award(tier: GrantTier, application: Application, amount: Decimal) -> None:
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
    awards, awarded_amount = _tier_totals(tier)
    if awards >= tier.quota:
        raise ValidationError(
            _("Les %(quota)s bourses du volet %(tier)s sont toutes accordées : placez la demande sur la liste d'attente.")
            % {"quota": tier.quota, "tier": tier},
            code="quota_exhausted",
        )
    if awarded_amount + amount > tier.budget_envelope:
        raise ValidationError(
            _("L'enveloppe du volet %(tier)s n'a plus que %(left)s de disponible.")
            % {"tier": tier, "left": format_money(max(tier.budget_envelope - awarded_amount, Decimal(0)))},
            code="budget_exhausted",
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


def award_application(*, actor, application: Application, amount) -> Application:
    """Award `amount`; raise ValidationError (quota_exhausted, budget_exhausted,
    amount_above_requested, amount_above_tier_max, amount_not_positive, invalid_transition)."""
    _require_decider(actor)
    amount = _as_amount(amount)
    with transaction.atomic():
        tier, application = _lock(application)
        _check_award(tier, application, amount)
        _record_decision(application, actor=actor, amount=amount)
        move_to(
            application, S.AWARDED, actor=actor, note=_("Bourse de %(amount)s") % {"amount": format_money(amount)},
            extra_fields=DECISION_FIELDS, amount=str(amount),
        )
        _queue_decision_email(application, "decision_awarded")
    return application


def decline_application(*, actor, application: Application, reason: str) -> Application:
    """Decline with a reason the organisme will read (required: it deserves to know why)."""
    _require_decider(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Expliquez à l'organisme le motif du refus."), code="reason_required")
    with transaction.atomic():
        _tier, application = _lock(application)
        _record_decision(application, actor=actor, reason=reason)
        move_to(application, S.DECLINED, actor=actor, note=reason, extra_fields=DECISION_FIELDS)
        _queue_decision_email(application, "decision_declined", reason=reason)
    return application


def waitlist_application(*, actor, application: Application, note: str = "") -> Application:
    _require_decider(actor)
    with transaction.atomic():
        _tier, application = _lock(application)
        # decided_at dates the waitlisting: the oldest waitlisted application is proposed first.
        _record_decision(application, actor=actor)
        move_to(application, S.WAITLISTED, actor=actor, note=note, extra_fields=DECISION_FIELDS)
        _queue_decision_email(application, "decision_waitlisted")
    return application


def next_waitlisted(tier: GrantTier) -> Application | None:
    """The application that has waited longest on the tier's waitlist."""
    return (
        Application.objects.filter(tier=tier, status=S.WAITLISTED)
        .select_related("organisme")
        .order_by("decided_at", "pk")
        .first()
    )


def cancel_award(*, actor, application: Application, reason: str) -> Application | None:
    """Cancel an award: its place and money go back to the tier, the application returns to the
    committee's list. Returns the next waitlisted application of the tier — proposed, not
    awarded: staff decide on it (the proposal is kept in the audit trail)."""
    _require_decider(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif de l'annulation."), code="reason_required")
    with transaction.atomic():
        tier, application = _lock(application)
        cancelled_amount = application.amount_awarded
        proposed = next_waitlisted(tier)
        application.amount_awarded = None
        application.decided_at = None
        application.decided_by = None
        application.decision_reason = ""
        move_to(
            application, S.IN_REVIEW, actor=actor, note=reason, extra_fields=DECISION_FIELDS,
            cancelled_amount=str(cancelled_amount), proposed_next=proposed.pk if proposed else None,
        )
    return proposed
