"""Every change a committee lives through: its seats, its assignments, conflict declarations and
scorecards. Decisions on applications are not here: they are a state of the application
(`applications.decisions`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.transitions import move_to
from dataide.accounts.roles import Role
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from dataide.outbox.services import queue_message
from programs.models import CentraideOffice

from .models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    SeatKind,
)

SEATS_PER_COMMITTEE = len(SeatKind)
REMINDER_DAYS_BEFORE_DEADLINE = 3


# --- Seats ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatSpec:
    kind: str
    user: object


def seat_rule_errors(*, region, seats: list[SeatSpec]) -> list[str]:
    """The committee rules a set of seats breaks, in French; empty when the seats are valid."""
    errors = []
    if len(seats) != SEATS_PER_COMMITTEE:
        errors.append(
            _("Un comité compte exactement quatre sièges, un de chaque type : celui-ci en a %(count)s.")
            % {"count": len(seats)}
        )
    kinds = [seat.kind for seat in seats]
    for kind in SeatKind:
        if kinds.count(kind) == 0:
            errors.append(_("Il manque le siège « %(kind)s ».") % {"kind": kind.label})
        elif kinds.count(kind) > 1:
            errors.append(_("Le siège « %(kind)s » est en double.") % {"kind": kind.label})
    user_ids = [seat.user.pk for seat in seats]
    for seat in seats:
        if user_ids.count(seat.user.pk) > 1:
            errors.append(_("%(person)s ne peut occuper qu'un siège du comité.") % {"person": seat.user})
            break
    regional = next((seat for seat in seats if seat.kind == SeatKind.REGIONAL_CENTRAIDE), None)
    if regional is not None and region is not None and not _works_for_regional_centraide(regional.user, region):
        errors.append(
            _(
                "La personne du siège « Centraide régional » doit faire partie du personnel d'un Centraide "
                "qui dessert la région %(region)s."
            )
            % {"region": region}
        )
    return errors


def _works_for_regional_centraide(user, region) -> bool:
    return CentraideOffice.objects.filter(staff=user, regions=region).exists()


def validate_committee(committee: Committee) -> None:
    errors = seat_rule_errors(
        region=committee.region,
        seats=[SeatSpec(seat.kind, seat.user) for seat in committee.seats.select_related("user")],
    )
    if errors:
        raise ValidationError(errors, code="committee_invalid")


def seats_saved(*, actor, committee: Committee) -> None:
    """After the admin saved a committee and its seats (in its transaction): check the rules again,
    give the seated people the committee role (which makes them use MFA), audit."""
    validate_committee(committee)
    group = Group.objects.get(name=Role.COMMITTEE_MEMBER.value)
    seats = list(committee.seats.select_related("user"))
    for seat in seats:
        seat.user.groups.add(group)
    record_event(
        actor=actor,
        action="committee.saved",
        target=committee,
        seats={seat.kind: seat.user.pk for seat in seats},
        tiers=list(committee.tiers.values_list("code", flat=True)),
    )


# --- Assignments ---------------------------------------------------------------------------


def assignable_applications(committee: Committee):
    """Applications this committee may receive: its region, its tiers, eligible, not yet assigned."""
    return (
        Application.objects.filter(
            organisme__region=committee.region,
            tier__in=committee.tiers.all(),
            status=ApplicationStatus.ELIGIBLE,
            committee_assignment__isnull=True,
        )
        .select_related("organisme", "tier")
        .order_by("submitted_at", "pk")
    )


def _assignment_errors(committee: Committee, application: Application, tier_ids: set[int]) -> list[str]:
    errors = []
    if application.organisme.region_id != committee.region_id:
        errors.append(_("%(application)s n'est pas de la région du comité.") % {"application": application})
    if application.tier_id not in tier_ids:
        errors.append(_("%(application)s est d'un volet que ce comité n'évalue pas.") % {"application": application})
    if application.status != ApplicationStatus.ELIGIBLE:
        errors.append(
            _("%(application)s n'est pas admissible (statut : %(status)s).")
            % {"application": application, "status": application.get_status_display()}
        )
    if hasattr(application, "committee_assignment"):
        errors.append(_("%(application)s est déjà assignée à un comité.") % {"application": application})
    return errors


def assign_applications(*, actor, committee: Committee, applications) -> list[Assignment]:
    """Give eligible applications to a committee (all or none), move them to « en évaluation »,
    and tell each of the four members once for the whole batch."""
    application_ids = sorted({application.pk for application in applications})
    if not application_ids:
        raise ValidationError(_("Choisissez au moins une demande."), code="nothing_to_assign")
    with transaction.atomic():
        committee = Committee.objects.select_for_update().select_related("region").get(pk=committee.pk)
        validate_committee(committee)
        tier_ids = set(committee.tiers.values_list("pk", flat=True))
        locked = list(
            Application.objects.select_for_update(of=("self",))
            .select_related("organisme", "tier", "committee_assignment")
            .filter(pk__in=application_ids)
            .order_by("pk")
        )
        errors = [error for application in locked for error in _assignment_errors(committee, application, tier_ids)]
        if errors:
            raise ValidationError(errors, code="not_assignable")
        assignments = []
        for application in locked:
            assignments.append(Assignment.objects.create(committee=committee, application=application, assigned_by=actor))
            move_to(
                application, ApplicationStatus.IN_REVIEW, actor=actor, internal_note=str(committee), committee=committee.pk
            )
        record_event(
            actor=actor, action="committee.applications_assigned", target=committee, applications=application_ids
        )
        for seat in committee.seats.select_related("user"):
            language = seat.user.preferred_language
            queue_message(
                template="committee_assignment",
                recipient_email=seat.user.email,
                recipient_user=seat.user,
                language=language,
                context={"committee": committee, "count": len(assignments), "dashboard_url": absolute_url("committees:dashboard", language)},
                about=committee,
                addressee=committee,
            )
    return assignments


# --- Conflicts of interest -----------------------------------------------------------------


def declare_conflict(*, actor, assignment: Assignment, has_conflict: bool, note: str = "") -> ConflictDeclaration:
    """Record a member's answer. « No conflict » may later become « conflict » (the member learns
    something); a declared conflict is final: from then on the member sees nothing of the
    application and any score of theirs is left out of the results."""
    with transaction.atomic():
        declaration = (
            ConflictDeclaration.objects.select_for_update().filter(assignment=assignment, member=actor).first()
        )
        if declaration is not None and (declaration.has_conflict or not has_conflict):
            raise ValidationError(_("Vous avez déjà répondu pour cette demande."), code="already_declared")
        if declaration is None:
            declaration = ConflictDeclaration(assignment=assignment, member=actor)
        declaration.has_conflict = has_conflict
        declaration.note = note
        declaration.save()
        record_event(
            actor=actor,
            action="committee.conflict_declared" if has_conflict else "committee.no_conflict_declared",
            target=assignment.application,
            committee=assignment.committee_id,
            note=note,
        )
        if has_conflict:
            queue_message(
                template="conflict_declared",
                recipient_email=settings.PROGRAM_CONTACT_EMAIL,
                language=settings.LANGUAGE_CODE,
                context={
                    "member": actor,
                    "application": assignment.application,
                    "committee": assignment.committee,
                    "note": note,
                },
                about=assignment.application,
                addressee=assignment.committee,
            )
    return declaration


# --- Scorecards ----------------------------------------------------------------------------


def start_scorecard(*, actor, assignment: Assignment) -> Scorecard:
    """The member's scorecard for an application, created with the tier's current criteria."""
    with transaction.atomic():
        scorecard = Scorecard.objects.filter(assignment=assignment, member=actor).first()
        if scorecard is not None:
            return scorecard
        criteria_set = assignment.application.tier.current_criteria_set
        if criteria_set is None:
            raise ValidationError(_("Ce volet n'a pas encore de grille de critères publiée."), code="no_criteria")
        scorecard = Scorecard.objects.create(assignment=assignment, member=actor, criteria_set=criteria_set)
        record_event(actor=actor, action="committee.scorecard_started", target=scorecard)
    return scorecard


@dataclass(frozen=True)
class Mark:
    """What a member entered for one criterion."""

    score: int | None = None
    not_applicable: bool = False
    comment: str = ""


def _submission_errors(criteria, marks: dict, recommendation: str) -> dict:
    errors = {}
    for criterion in criteria:
        mark = marks.get(criterion.pk, Mark())
        if mark.score is None and not mark.not_applicable:
            errors[f"score_{criterion.pk}"] = _("Donnez une note de 0 à 5 ou choisissez « Sans objet ».")
    if not recommendation:
        errors["recommendation"] = _("Choisissez une recommandation.")
    return errors


def save_scorecard(
    *, actor, scorecard: Scorecard, marks: dict, recommendation: str, general_comment: str, submit: bool
) -> Scorecard:
    """Save a draft, or submit (which locks it). `marks` maps criterion id to Mark."""
    with transaction.atomic():
        scorecard = (
            Scorecard.objects.select_for_update(of=("self",))
            .select_related("assignment__committee")
            .get(pk=scorecard.pk)
        )
        if scorecard.member_id != actor.pk:
            raise ValidationError(_("Cette grille n'est pas la vôtre."), code="not_yours")
        if scorecard.is_submitted:
            raise ValidationError(_("Cette grille est soumise : elle ne peut plus être modifiée."), code="submitted")
        if scorecard.assignment.committee.deadline_passed():
            raise ValidationError(_("La date limite d'évaluation est passée."), code="deadline_passed")
        if recommendation and recommendation not in Recommendation.values:
            raise ValidationError({"recommendation": _("Recommandation inconnue.")}, code="invalid")
        criteria = list(scorecard.criteria_set.criteria.all())
        for criterion in criteria:
            mark = marks.get(criterion.pk, Mark())
            if mark.score is not None and not 0 <= mark.score <= 5:
                raise ValidationError({f"score_{criterion.pk}": _("La note va de 0 à 5.")}, code="invalid")
        if submit:
            errors = _submission_errors(criteria, marks, recommendation)
            if errors:
                raise ValidationError(errors, code="incomplete")
        existing = {score.criterion_id: score for score in scorecard.scores.all()}
        for criterion in criteria:
            mark = marks.get(criterion.pk, Mark())
            row = existing.get(criterion.pk) or CriterionScore(scorecard=scorecard, criterion=criterion)
            row.not_applicable = mark.not_applicable
            row.score = None if mark.not_applicable else mark.score
            row.comment = mark.comment
            row.save()
        scorecard.recommendation = recommendation
        scorecard.general_comment = general_comment
        update_fields = ["recommendation", "general_comment", "updated_at"]
        if submit:
            scorecard.status = ScorecardStatus.SUBMITTED
            scorecard.submitted_at = timezone.now()
            update_fields += ["status", "submitted_at"]
        scorecard.save(update_fields=update_fields)
        record_event(
            actor=actor,
            action="committee.scorecard_submitted" if submit else "committee.scorecard_saved",
            target=scorecard,
            application=scorecard.assignment.application_id,
        )
    return scorecard


# --- Reminders -----------------------------------------------------------------------------


def send_scoring_reminders(*, today=None) -> int:
    """Remind, once, the members who still have scorecards to submit when the deadline is three
    days away or less. Returns the number of reminders queued."""
    from .selectors import remaining_scorecards_by_member

    today = today or timezone.localdate()
    committees = Committee.objects.filter(
        scoring_deadline__gte=today, scoring_deadline__lte=today + timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE)
    ).prefetch_related("seats__user")
    queued = 0
    for committee in committees:
        remaining = remaining_scorecards_by_member(committee)
        with transaction.atomic():
            for seat in committee.seats.all():
                count = remaining.get(seat.user_id, 0)
                if not count:
                    continue
                language = seat.user.preferred_language
                message = queue_message(
                    template="scoring_deadline_reminder",
                    recipient_email=seat.user.email,
                    recipient_user=seat.user,
                    language=language,
                    context={"committee": committee, "remaining": count, "dashboard_url": absolute_url("committees:dashboard", language)},
                    about=committee,
                    addressee=committee,
                    dedup_key=f"scoring_reminder:{committee.pk}:{seat.user_id}",
                )
                queued += message is not None
    return queued
