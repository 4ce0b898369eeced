"""Every change a committee lives through: its seats, its assignments, conflict declarations and
scorecards. Decisions on applications are not here: they are a state of the application
(`applications.decisions`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from applications.transitions import move_to
from dataide.accounts.roles import Role
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from dataide.outbox.services import queue_message
from programs.admin_scoping import staff_region_ids
from programs.models import CentraideOffice

from .conflicts import record_automatic_conflicts
from .models import (
    DECLARABLE_REASONS,
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    Seat,
    SeatKind,
)
from .quorum import judges, keep_quorum, sits_on
from .selectors import forget_committee_progress, forget_committee_ranking

SEATS_PER_COMMITTEE = len(SeatKind)
REMINDER_DAYS_BEFORE_DEADLINE = 3


# --- Who may act ----------------------------------------------------------------------------

# The DATAide team configures committees and gives them applications; regional staff only read.
ADD_PERMISSION = "committees.add_committee"
CHANGE_PERMISSION = "committees.change_committee"


def _require_staff(actor, permission: str, *region_ids) -> None:
    """Staff holding `permission` whose regions cover every one of `region_ids`."""
    if not actor.has_perm(permission):
        raise PermissionDenied(_("Seule l'équipe DATAide configure les comités et leur assigne des demandes."))
    followed = staff_region_ids(actor)
    if followed is not None and any(region_id not in followed for region_id in region_ids):
        raise PermissionDenied(_("Ce comité est hors des régions que vous suivez."))


def _require_seat(actor, assignment: Assignment) -> None:
    """A member of the assignment's committee, or an alternate called in on it."""
    if not judges(actor, assignment):
        raise PermissionDenied(_("Vous ne siégez pas à ce comité."))


def _require_scorer(actor, assignment: Assignment) -> None:
    """A scorecard is written by a member of the assignment's committee who answered « no
    conflict » for it, before the deadline. The declaration row is locked: a conflict declared at
    the same moment waits for the scorecard's transaction, then wins."""
    from .selectors import conflicted

    _require_seat(actor, assignment)
    has_conflict = (
        ConflictDeclaration.objects.select_for_update()
        .filter(assignment=assignment, member_id=actor.pk)
        .values_list("has_conflict", flat=True)
        .first()
    )
    if has_conflict or Assignment.objects.filter(pk=assignment.pk).filter(conflicted(actor)).exists():
        raise PermissionDenied(_("Vous avez déclaré un conflit d'intérêts pour cette demande."))
    if has_conflict is None:
        raise ValidationError(
            _("Répondez d'abord à la question sur les conflits d'intérêts pour cette demande."),
            code="conflict_not_declared",
        )
    if assignment.committee.deadline_passed():
        raise ValidationError(_("La date limite d'évaluation est passée."), code="deadline_passed")


# --- Configuration and seats ---------------------------------------------------------------


@dataclass(frozen=True)
class SeatSpec:
    kind: str
    user: object
    organisation: str = ""


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


def _check_seat_rules(region, seats: list[SeatSpec]) -> None:
    errors = seat_rule_errors(region=region, seats=seats)
    if errors:
        raise ValidationError([ValidationError(error, code="committee_invalid") for error in errors])


def validate_committee(committee: Committee) -> None:
    _check_seat_rules(
        committee.region, [SeatSpec(seat.kind, seat.user) for seat in committee.seats.select_related("user")]
    )


CONFIGURATION_FIELDS = ("name", "region", "scoring_deadline", "quorum")


def _configuration(committee: Committee, tiers, seats) -> dict:
    """What the audit trail keeps of a committee's configuration, as JSON values."""
    return {
        "name": committee.name,
        "region": committee.region.code,
        "scoring_deadline": committee.scoring_deadline.isoformat(),
        "quorum": committee.quorum,
        "tiers": sorted(tier.code for tier in tiers),
        "seats": {seat.kind: {"user": seat.user.pk, "organisation": seat.organisation} for seat in seats},
    }


def save_committee(*, actor, committee: Committee, tiers, seats: list[SeatSpec]) -> Committee:
    """Create a committee or change its configuration — name, region, tiers, deadline, quorum —
    and its four seats, all at once: the rules are checked on the whole (four seats of the four
    kinds, the regional seat held by staff of a Centraide covering the region). `committee` is a
    new instance or an existing one whose fields carry the new values; the old ones are read from
    the database. The seated people get the committee role (which makes them use MFA). The audit
    event holds the old and new values of what changed."""
    with transaction.atomic():
        current = None
        if committee.pk is not None:
            current = Committee.objects.select_for_update().select_related("region").get(pk=committee.pk)
        _require_staff(
            actor, ADD_PERMISSION if current is None else CHANGE_PERMISSION,
            committee.region_id, *([current.region_id] if current else []),
        )
        committee.full_clean()
        _check_seat_rules(committee.region, seats)
        old = _configuration(current, current.tiers.all(), current.seats.select_related("user")) if current else {}
        if current is None:
            committee.save()
        else:
            committee.save(update_fields=CONFIGURATION_FIELDS)
        committee.tiers.set(tiers)
        _replace_seats(committee, seats)
        if current is not None:
            _record_automatic_conflicts(
                actor, committee, list(committee.assignments.select_related("application")), [seat.user for seat in seats]
            )
        new = _configuration(committee, tiers, seats)
        changed = [key for key in new if old.get(key) != new[key]]
        if changed:
            record_event(
                actor=actor,
                action=AuditEventType.COMMITTEE_CREATED if current is None else AuditEventType.COMMITTEE_CHANGED,
                target=committee,
                old={key: old[key] for key in changed if key in old},
                new={key: new[key] for key in changed},
            )
    return committee


def _replace_seats(committee: Committee, seats: list[SeatSpec]) -> None:
    """Seats that changed are deleted before the new ones are created, so moving a person from
    one seat to another never meets the « one seat per person » constraint halfway."""
    wanted = {(seat.kind, seat.user.pk, seat.organisation) for seat in seats}
    committee.seats.exclude(
        pk__in=[seat.pk for seat in committee.seats.all() if (seat.kind, seat.user_id, seat.organisation) in wanted]
    ).delete()
    kept = set(committee.seats.values_list("kind", flat=True))
    Seat.objects.bulk_create(
        Seat(committee=committee, kind=seat.kind, user=seat.user, organisation=seat.organisation)
        for seat in seats
        if seat.kind not in kept
    )
    # bulk_create sends no post_save: the cached ranking and progress count the seats.
    forget_committee_ranking(committee.pk)
    forget_committee_progress()
    group = Group.objects.get(name=Role.COMMITTEE_MEMBER.value)
    group.user_set.add(*[seat.user for seat in seats])


def alternate_rule_errors(*, committee: Committee, alternates: list[SeatSpec]) -> list[str]:
    """The rules a committee's list of alternates breaks, in French: the seats' rules (the
    regional alternate works for a Centraide covering the region), a person once, and nobody
    who already holds a seat of the committee."""
    errors = []
    seated = set(committee.seats.values_list("user_id", flat=True)) if committee.pk else set()
    user_ids = [alternate.user.pk for alternate in alternates]
    for alternate in alternates:
        if alternate.user.pk in seated:
            errors.append(_("%(person)s siège déjà au comité : il ne peut pas en être substitut.") % {"person": alternate.user})
        if user_ids.count(alternate.user.pk) > 1:
            errors.append(_("%(person)s ne peut être substitut qu'une fois.") % {"person": alternate.user})
        if alternate.kind == SeatKind.REGIONAL_CENTRAIDE and not _works_for_regional_centraide(
            alternate.user, committee.region
        ):
            errors.append(
                _(
                    "%(person)s ne peut pas être substitut du siège « Centraide régional » : il doit faire partie "
                    "du personnel d'un Centraide qui dessert la région %(region)s."
                )
                % {"person": alternate.user, "region": committee.region}
            )
    return list(dict.fromkeys(errors))


def save_alternates(*, actor, committee: Committee, alternates: list[SeatSpec]) -> None:
    """Replace the committee's alternates, called in the order given within each kind; the
    applications already short of their quorum call the new ones at once. An alternate already
    called in on an application stays (their scorecard belongs to it)."""
    with transaction.atomic():
        committee = Committee.objects.select_for_update().select_related("region").get(pk=committee.pk)
        _require_staff(actor, CHANGE_PERMISSION, committee.region_id)
        errors = alternate_rule_errors(committee=committee, alternates=alternates)
        if errors:
            raise ValidationError([ValidationError(error, code="alternate_invalid") for error in errors])
        old = _alternates_configuration(committee.alternates.all())
        wanted = {alternate.user.pk for alternate in alternates}
        removed = committee.alternates.exclude(user_id__in=wanted)
        if removed.filter(calls__isnull=False).exists():
            raise ValidationError(
                _("Un substitut déjà appelé sur une demande ne peut pas être retiré du comité."), code="alternate_called"
            )
        removed.delete()
        positions = {}
        for alternate in alternates:
            position = positions[alternate.kind] = positions.get(alternate.kind, -1) + 1
            committee.alternates.update_or_create(
                user=alternate.user,
                defaults={"kind": alternate.kind, "organisation": alternate.organisation, "position": position},
            )
        new = _alternates_configuration(committee.alternates.all())
        if old != new:
            record_event(actor=actor, action=AuditEventType.COMMITTEE_ALTERNATES_CHANGED, target=committee, old=old, new=new)
            # A new alternate fills the places conflicts had left empty.
            keep_quorum(actor, committee.assignments.values_list("pk", flat=True))
        Group.objects.get(name=Role.COMMITTEE_MEMBER.value).user_set.add(*[alternate.user for alternate in alternates])


def _alternates_configuration(alternates) -> list:
    return [[alternate.kind, alternate.user_id, alternate.position] for alternate in alternates.order_by("kind", "position")]


# --- Assignments ---------------------------------------------------------------------------


def assignable_applications(committee: Committee):
    """Applications this committee may receive: its region, its tiers, eligible, not yet assigned."""
    return (
        Application.objects.filter(
            region=committee.region,
            tier__in=committee.tiers.all(),
            status=ApplicationStatus.ELIGIBLE,
            committee_assignment__isnull=True,
        )
        .select_related("organisme", "tier")
        .order_by("submitted_at", "pk")
    )


def _assignment_errors(committee: Committee, application: Application, tier_ids: set[int]) -> list[str]:
    errors = []
    if application.region_id != committee.region_id:
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
    with transaction.atomic():
        committee = Committee.objects.select_for_update().select_related("region").get(pk=committee.pk)
        _require_staff(actor, CHANGE_PERMISSION, committee.region_id)
        if not application_ids:
            raise ValidationError(_("Choisissez au moins une demande."), code="nothing_to_assign")
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
            actor=actor, action=AuditEventType.COMMITTEE_APPLICATIONS_ASSIGNED, target=committee, applications=application_ids
        )
        seats = list(committee.seats.select_related("user"))
        _record_automatic_conflicts(actor, committee, assignments, [seat.user for seat in seats])
        for seat in seats:
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


def _record_automatic_conflicts(actor, committee: Committee, assignments, users) -> None:
    """Record the conflicts the portal knows (committees.conflicts), one audit event each, in
    the caller's transaction. Staff are not e-mailed: the admin lists them by committee."""
    written = record_automatic_conflicts(assignments, users)
    for declaration in written:
        record_event(
            actor=actor,
            action=AuditEventType.COMMITTEE_CONFLICT_RECORDED,
            target=declaration.assignment.application,
            committee=committee.pk,
            member=declaration.member_id,
            reason=declaration.reason,
        )
    keep_quorum(actor, sorted({declaration.assignment_id for declaration in written}))


def membership_began(membership, *, actor) -> None:
    """Someone who judges applications joined an organisme (organismes.services calls it in the
    membership's transaction): if that organisme applies, or is a partner, on an application
    still under review, the conflict is recorded at once and the quorum kept, as at assignment."""
    assignments = list(
        Assignment.objects.filter(sits_on(membership.user), application__status=ApplicationStatus.IN_REVIEW)
        .select_related("application", "committee")
        .order_by("committee_id", "pk")
    )
    for committee_id in dict.fromkeys(assignment.committee_id for assignment in assignments):
        mine = [assignment for assignment in assignments if assignment.committee_id == committee_id]
        _record_automatic_conflicts(actor, mine[0].committee, mine, [membership.user])


def declare_conflict(
    *, actor, assignment: Assignment, has_conflict: bool, reason: str = "", note: str = ""
) -> ConflictDeclaration:
    """Record a member's answer; a conflict comes with its reason (one of DECLARABLE_REASONS).
    « No conflict » may later become « conflict » (the member learns something); a declared
    conflict stays until staff withdraw it (`withdraw_conflict`): the member sees nothing of the
    application and any score of theirs is left out of the results."""
    with transaction.atomic():
        _require_seat(actor, assignment)
        declaration = (
            ConflictDeclaration.objects.select_for_update().filter(assignment=assignment, member=actor).first()
        )
        if declaration is not None and (declaration.has_conflict or not has_conflict):
            raise ValidationError(_("Vous avez déjà répondu pour cette demande."), code="already_declared")
        if has_conflict and reason not in dict(DECLARABLE_REASONS):
            raise ValidationError(
                {"reason": _("Choisissez la nature du conflit d'intérêts.")}, code="conflict_reason"
            )
        if declaration is None:
            declaration = ConflictDeclaration(assignment=assignment, member=actor)
        declaration.has_conflict = has_conflict
        declaration.reason = reason if has_conflict else ""
        declaration.note = note
        declaration.save()
        event = {"reason": reason} if has_conflict else {}
        record_event(
            actor=actor,
            action=AuditEventType.COMMITTEE_CONFLICT_DECLARED if has_conflict else AuditEventType.COMMITTEE_NO_CONFLICT_DECLARED,
            target=assignment.application,
            committee=assignment.committee_id,
            note=note,
            **event,
        )
        if has_conflict:
            keep_quorum(actor, [assignment.pk])
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


def withdraw_conflict(*, actor, declaration: ConflictDeclaration, reason: str) -> ConflictDeclaration:
    """Staff withdraw a conflict a member declared (they declared it by mistake, the tie ended),
    with the reason, kept on the row and in the audit trail. The member then sees the
    application again and may score it. An automatic conflict is a fact, not a declaration: it
    cannot be withdrawn (it ends with the membership or the partnership)."""
    with transaction.atomic():
        declaration = (
            ConflictDeclaration.objects.select_for_update(of=("self",))
            .select_related("assignment__committee", "assignment__application")
            .get(pk=declaration.pk)
        )
        _require_staff(actor, CHANGE_PERMISSION, declaration.assignment.committee.region_id)
        if not declaration.has_conflict:
            raise ValidationError(_("Ce membre n'a pas de conflit d'intérêts déclaré pour cette demande."), code="no_conflict")
        if declaration.is_automatic:
            raise ValidationError(
                _(
                    "Ce conflit d'intérêts est automatique (le membre fait partie de l'organisme demandeur ou d'un "
                    "organisme partenaire) : il ne peut pas être retiré."
                ),
                code="automatic_conflict",
            )
        reason = reason.strip()
        if not reason:
            raise ValidationError({"reason": _("Indiquez pourquoi le conflit d'intérêts est retiré.")}, code="required")
        declaration.has_conflict = False
        declaration.withdrawn_at = timezone.now()
        declaration.withdrawn_by = actor
        declaration.withdrawal_reason = reason
        declaration.save(update_fields=["has_conflict", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        record_event(
            actor=actor,
            action=AuditEventType.COMMITTEE_CONFLICT_WITHDRAWN,
            target=declaration.assignment.application,
            committee=declaration.assignment.committee_id,
            member=declaration.member_id,
            reason=reason,
        )
    return declaration


# --- Scorecards ----------------------------------------------------------------------------


def start_scorecard(*, actor, assignment: Assignment) -> Scorecard:
    """The member's scorecard for an application, created with the tier's current criteria."""
    with transaction.atomic():
        _require_scorer(actor, assignment)
        scorecard = Scorecard.objects.filter(assignment=assignment, member=actor).first()
        if scorecard is not None:
            return scorecard
        criteria_set = assignment.application.tier.current_criteria_set
        if criteria_set is None:
            raise ValidationError(_("Ce volet n'a pas encore de grille de critères publiée."), code="no_criteria")
        scorecard = Scorecard.objects.create(assignment=assignment, member=actor, criteria_set=criteria_set)
        record_event(actor=actor, action=AuditEventType.COMMITTEE_SCORECARD_STARTED, target=scorecard)
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
            raise PermissionDenied(_("Cette grille n'est pas la vôtre."))
        _require_scorer(actor, scorecard.assignment)
        if scorecard.is_submitted:
            raise ValidationError(_("Cette grille est soumise : elle ne peut plus être modifiée."), code="submitted")
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
        rows = []
        for criterion in criteria:
            mark = marks.get(criterion.pk, Mark())
            row = existing.get(criterion.pk) or CriterionScore(scorecard=scorecard, criterion=criterion)
            row.not_applicable = mark.not_applicable
            row.score = None if mark.not_applicable else mark.score
            row.comment = mark.comment
            row.save()
            rows.append(row)
        scorecard.recommendation = recommendation
        scorecard.general_comment = general_comment
        update_fields = ["recommendation", "general_comment", "updated_at"]
        if submit:
            scorecard.status = ScorecardStatus.SUBMITTED
            scorecard.submitted_at = timezone.now()
            scorecard.set_totals(rows)
            update_fields += ["status", "submitted_at", "weighted_total", "total_weight"]
        scorecard.save(update_fields=update_fields)
        record_event(
            actor=actor,
            action=AuditEventType.COMMITTEE_SCORECARD_SUBMITTED if submit else AuditEventType.COMMITTEE_SCORECARD_SAVED,
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
    ).prefetch_related("seats__user", "alternates__user")
    queued = 0
    for committee in committees:
        remaining = remaining_scorecards_by_member(committee)
        # The seats, and the alternates called in on some of the committee's applications.
        people = {alternate.user_id: alternate.user for alternate in committee.alternates.all()}
        people.update({seat.user_id: seat.user for seat in committee.seats.all()})
        with transaction.atomic():
            for user_id, count in remaining.items():
                user = people[user_id]
                language = user.preferred_language
                message = queue_message(
                    template="scoring_deadline_reminder",
                    recipient_email=user.email,
                    recipient_user=user,
                    language=language,
                    context={"committee": committee, "remaining": count, "dashboard_url": absolute_url("committees:dashboard", language)},
                    about=committee,
                    addressee=committee,
                    dedup_key=f"scoring_reminder:{committee.pk}:{user_id}",
                )
                queued += message is not None
    return queued
