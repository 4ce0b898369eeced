"""State changes of the trainings app: registrations, attendance, feedback, selections, completion.

Each function takes the acting user, checks its rule, locks what it reads then writes, records an
audit event in its transaction, and queues its e-mails (delivered after the commit).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from organismes.models import Membership
from organismes.services import notify_members
from programs.models import Gate, GrantTier, TierCode

from .gates import gate_status
from .models import (
    AttendanceSource,
    Cohort,
    CohortEnrolment,
    CohortSession,
    LabAttendance,
    LabEnrolment,
    LabSession,
    NordOuvertCandidacy,
    SessionAttendance,
    TrainingLimits,
    WebinarAttendance,
    WebinarFeedback,
    WebinarRegistration,
    WebinarSession,
)

# Reminders go out about a day before the webinar; the beat task runs often enough to hit it.
REMINDER_LEAD = timedelta(hours=24)

# What staff need to act (the DATAide team holds them; regional staff only read). Trainers act on
# their own cohorts without any: being a trainer of the cohort is their permission.
WEBINAR_ATTENDANCE_PERMISSION = "trainings.add_webinarattendance"
COHORT_SELECT_PERMISSION = "trainings.add_cohortenrolment"
SESSION_ATTENDANCE_PERMISSION = "trainings.add_sessionattendance"
COHORT_COMPLETE_PERMISSION = "trainings.change_cohortenrolment"
LAB_ENROL_PERMISSION = "trainings.add_labenrolment"
LAB_ATTENDANCE_PERMISSION = "trainings.add_labattendance"
LAB_COMPLETE_PERMISSION = "trainings.change_labenrolment"
LIMITS_PERMISSION = "trainings.change_traininglimits"


# --- who may act ------------------------------------------------------------------------------


def _require_permission(actor, permission: str):
    if not actor.has_perm(permission):
        raise PermissionDenied(_("Vous n'avez pas la permission de faire ce changement."))


def _require_member(actor, organisme_id):
    if not Membership.objects.filter(user=actor, organisme_id=organisme_id).exists():
        raise PermissionDenied(_("Vous ne faites pas partie de cet organisme."))


def _require_runs_cohort(actor, cohort: Cohort, permission: str):
    """A trainer of this cohort, or DATAide staff holding `permission`; another cohort's trainer and
    regional staff are refused."""
    if not (cohort.trainers.filter(pk=actor.pk).exists() or actor.has_perm(permission)):
        raise PermissionDenied(_("Seuls les formateurs de cette cohorte et l'équipe DATAide peuvent le faire."))


def _require_held(session):
    """Presence is noted once a session has begun, never ahead of it."""
    if session.starts_at > timezone.now():
        raise ValidationError(
            _("Cette séance n'a pas encore eu lieu : les présences se notent à partir du début de la séance."),
            code="session_not_started",
        )


def _require_all_sessions_held(cohort):
    """A training is completed once its last session has begun; not before."""
    upcoming = cohort.sessions.filter(starts_at__gt=timezone.now()).count()
    if upcoming:
        raise ValidationError(
            _("La formation n'est pas terminée : %(count)s séance(s) reste(nt) à venir.") % {"count": upcoming},
            code="training_not_over",
        )


# --- messages -------------------------------------------------------------------------------


def _notify_members(*, organisme, template: str, context: dict, about, dedup_prefix: str | None = None):
    dashboard = absolute_url("organismes:dashboard", organisme.preferred_language)
    notify_members(
        organisme=organisme,
        template=template,
        context={"dashboard_url": dashboard, **context},
        about=about,
        dedup_prefix=dedup_prefix,
    )


# --- seats ------------------------------------------------------------------------------------


def _locked_limits(program) -> TrainingLimits:
    """Lock the program's one limits row: every selection waits here, then counts."""
    TrainingLimits.objects.get_or_create(program=program)
    return TrainingLimits.objects.select_for_update().get(program=program)


# --- webinars ---------------------------------------------------------------------------------


def register_for_webinar(*, actor, webinar: WebinarSession, organisme) -> WebinarRegistration:
    """Register an organisme; registering twice returns the first registration unchanged."""
    _require_member(actor, organisme.pk)
    with transaction.atomic():
        webinar = WebinarSession.objects.select_for_update().get(pk=webinar.pk)
        if webinar.starts_at <= timezone.now():
            raise ValidationError(_("Ce webinaire a déjà commencé ; choisissez une autre date."))
        existing = WebinarRegistration.objects.filter(webinar=webinar, organisme=organisme).first()
        if existing:
            return existing
        if webinar.registrations.count() >= webinar.capacity:
            raise ValidationError(_("Ce webinaire est complet ; choisissez une autre date."))
        registration = WebinarRegistration.objects.create(webinar=webinar, organisme=organisme, registered_by=actor)
        record_event(actor=actor, action=AuditEventType.TRAININGS_WEBINAR_REGISTER, target=registration)
        _notify_members(
            organisme=organisme, template="webinar_registration", context={"webinar": webinar}, about=registration
        )
    return registration


def cancel_webinar_registration(*, actor, registration: WebinarRegistration) -> None:
    with transaction.atomic():
        registration = WebinarRegistration.objects.select_for_update().select_related("webinar").get(pk=registration.pk)
        _require_member(actor, registration.organisme_id)
        if registration.webinar.starts_at <= timezone.now():
            raise ValidationError(_("Ce webinaire a déjà commencé ; l'inscription ne peut plus être annulée."))
        record_event(actor=actor, action=AuditEventType.TRAININGS_WEBINAR_UNREGISTER, target=registration)
        registration.delete()


def send_webinar_reminders(*, now=None) -> int:
    """Queue the reminder of every registration whose webinar starts within a day; once each."""
    now = now or timezone.now()
    due = WebinarRegistration.objects.filter(
        reminded_at__isnull=True, webinar__starts_at__gt=now, webinar__starts_at__lte=now + REMINDER_LEAD
    ).values_list("pk", flat=True)
    return sum(_remind(registration_id, now) for registration_id in list(due))


def _remind(registration_id: int, now) -> bool:
    with transaction.atomic():
        registration = (
            WebinarRegistration.objects.select_for_update(of=("self",))
            .select_related("webinar", "organisme")
            .filter(pk=registration_id, reminded_at__isnull=True)
            .first()
        )
        if registration is None:
            return False
        registration.reminded_at = now
        registration.save(update_fields=["reminded_at"])
        record_event(actor=None, action=AuditEventType.TRAININGS_WEBINAR_REMINDER, target=registration)
        _notify_members(
            organisme=registration.organisme,
            template="webinar_reminder",
            context={"webinar": registration.webinar},
            about=registration,
            dedup_prefix=f"webinar_reminder:{registration.pk}",
        )
    return True


def record_attendance(
    *,
    actor,
    webinar: WebinarSession,
    organisme,
    minutes: int | None = None,
    attendee_name: str = "",
    attendee_email: str = "",
    source: str = AttendanceSource.MANUAL,
) -> tuple[WebinarAttendance, bool]:
    """Record that an organisme attended; this opens its amorçage gate. Returns (attendance, created);
    recording it again changes nothing."""
    _require_permission(actor, WEBINAR_ATTENDANCE_PERMISSION)
    with transaction.atomic():
        webinar = WebinarSession.objects.select_for_update().get(pk=webinar.pk)
        existing = WebinarAttendance.objects.filter(webinar=webinar, organisme=organisme).first()
        if existing:
            return existing, False
        _require_webinar_held(webinar)
        if minutes is not None and minutes < webinar.minimum_presence_minutes:
            raise ValidationError(
                _("Une présence de %(minutes)s minutes est sous le minimum de %(minimum)s minutes.")
                % {"minutes": minutes, "minimum": webinar.minimum_presence_minutes}
            )
        attendance = WebinarAttendance.objects.create(
            webinar=webinar,
            organisme=organisme,
            minutes=minutes,
            attendee_name=attendee_name[:200],
            attendee_email=attendee_email[:254],
            source=source,
            recorded_by=actor,
        )
        record_event(actor=actor, action=AuditEventType.TRAININGS_WEBINAR_ATTENDANCE, target=attendance, source=source)
        amorcage = GrantTier.objects.filter(code=TierCode.AMORCAGE).first()
        _notify_members(
            organisme=organisme,
            template="attendance_recorded",
            context={"webinar": webinar, "max_amount": amorcage.max_amount if amorcage else None},
            about=attendance,
        )
    return attendance, True


def _require_webinar_held(webinar: WebinarSession):
    if not webinar.has_started:
        raise ValidationError(
            _("Ce webinaire n'a pas encore eu lieu : sa présence s'enregistre après la séance."),
            code="webinar_not_started",
        )


@dataclass(frozen=True)
class ImportRow:
    """One participant line after staff resolved it: `organisme` None means skipped."""

    organisme: object
    minutes: int
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class ImportResult:
    recorded: int
    already_recorded: int
    too_short: int
    skipped: int


def import_webinar_attendance(*, actor, webinar: WebinarSession, rows) -> ImportResult:
    """Record the attendances of a participant export, all or nothing. An organisme's presence is
    its longest one among its people; importing the same file again records nothing new."""
    _require_permission(actor, WEBINAR_ATTENDANCE_PERMISSION)
    _require_webinar_held(webinar)
    rows = list(rows)
    best: dict[int, ImportRow] = {}
    for row in rows:
        if row.organisme is not None and (row.organisme.pk not in best or row.minutes > best[row.organisme.pk].minutes):
            best[row.organisme.pk] = row
    recorded = already = too_short = 0
    with transaction.atomic():
        for row in best.values():
            if row.minutes < webinar.minimum_presence_minutes:
                too_short += 1
                continue
            _, created = record_attendance(
                actor=actor,
                webinar=webinar,
                organisme=row.organisme,
                minutes=row.minutes,
                attendee_name=row.name,
                attendee_email=row.email,
                source=AttendanceSource.IMPORT,
            )
            recorded += created
            already += not created
        result = ImportResult(
            recorded=recorded,
            already_recorded=already,
            too_short=too_short,
            skipped=sum(1 for row in rows if row.organisme is None),
        )
        record_event(actor=actor, action=AuditEventType.TRAININGS_WEBINAR_IMPORT, target=webinar, **result.__dict__)
    return result


def submit_webinar_feedback(
    *, actor, attendance: WebinarAttendance, usefulness: int, clarity: int, most_useful: str = "",
    suggestions: str = "", anonymous: bool = False,
) -> WebinarFeedback:
    """Store a participant's opinion once per attendance. Anonymous answers keep no organisme: the
    attendance row only remembers that an answer was given."""
    with transaction.atomic():
        attendance = WebinarAttendance.objects.select_for_update().get(pk=attendance.pk)
        _require_member(actor, attendance.organisme_id)
        if attendance.feedback_given:
            raise ValidationError(_("Votre organisme a déjà donné son avis sur ce webinaire. Merci !"))
        feedback = WebinarFeedback.objects.create(
            webinar_id=attendance.webinar_id,
            organisme=None if anonymous else attendance.organisme,
            usefulness=usefulness,
            clarity=clarity,
            most_useful=most_useful,
            suggestions=suggestions,
        )
        attendance.feedback_given = True
        attendance.save(update_fields=["feedback_given"])
        record_event(actor=actor, action=AuditEventType.TRAININGS_WEBINAR_FEEDBACK, target=attendance.webinar, anonymous=anonymous)
    return feedback


# --- Nord Ouvert ------------------------------------------------------------------------------


def submit_nord_ouvert_candidacy(*, actor, organisme, motivation: str) -> NordOuvertCandidacy:
    _require_member(actor, organisme.pk)
    with transaction.atomic():
        if not gate_status(organisme, Gate.WEBINAR).is_open:
            raise ValidationError(
                _("La candidature s'ouvre après la participation à un webinaire de sensibilisation.")
            )
        if NordOuvertCandidacy.objects.select_for_update().filter(organisme=organisme).exists():
            raise ValidationError(_("Votre organisme a déjà posé sa candidature."))
        candidacy = NordOuvertCandidacy.objects.create(organisme=organisme, motivation=motivation, submitted_by=actor)
        record_event(actor=actor, action=AuditEventType.TRAININGS_NORD_OUVERT_CANDIDACY, target=candidacy)
    return candidacy


def select_into_cohort(*, actor, cohort: Cohort, organisme) -> CohortEnrolment:
    """Give a candidate organisme a seat in a cohort, within the cohort's capacity and the
    program's seats (180), even when several staff select at the same moment."""
    _require_permission(actor, COHORT_SELECT_PERMISSION)
    with transaction.atomic():
        limits = _locked_limits(cohort.program)
        cohort = Cohort.objects.get(pk=cohort.pk)
        if not NordOuvertCandidacy.objects.filter(organisme=organisme).exists():
            raise ValidationError(_("%(organisme)s n'a pas posé sa candidature.") % {"organisme": organisme})
        if CohortEnrolment.objects.filter(organisme=organisme).exists():
            raise ValidationError(_("%(organisme)s est déjà inscrit à une cohorte.") % {"organisme": organisme})
        if cohort.enrolments.count() >= cohort.capacity:
            raise ValidationError(_("La cohorte « %(cohort)s » est complète.") % {"cohort": cohort.name}, code="cohort_full")
        if CohortEnrolment.objects.filter(cohort__program=cohort.program).count() >= limits.nord_ouvert_seats:
            raise ValidationError(
                _("Les %(seats)s places de la formation Nord Ouvert sont toutes attribuées.")
                % {"seats": limits.nord_ouvert_seats},
                code="seats_exhausted",
            )
        enrolment = CohortEnrolment.objects.create(cohort=cohort, organisme=organisme, selected_by=actor)
        record_event(actor=actor, action=AuditEventType.TRAININGS_COHORT_SELECT, target=enrolment)
        _notify_members(
            organisme=organisme, template="nord_ouvert_selected", context={"cohort": cohort}, about=enrolment
        )
    return enrolment


def _set_present(*, attendance_model, session, present_enrolments, all_enrolment_ids) -> tuple[int, int]:
    present_ids = {enrolment.pk for enrolment in present_enrolments}
    if not present_ids <= set(all_enrolment_ids):
        raise ValidationError(_("Seuls les participants de cette cohorte peuvent être marqués présents."))
    existing = set(attendance_model.objects.filter(session=session).values_list("enrolment_id", flat=True))
    attendance_model.objects.filter(session=session, enrolment_id__in=existing - present_ids).delete()
    attendance_model.objects.bulk_create(
        [attendance_model(session=session, enrolment_id=pk) for pk in present_ids - existing]
    )
    return len(present_ids - existing), len(existing - present_ids)


def record_session_attendance(*, actor, session: CohortSession, present_enrolments) -> None:
    """Set who was present at a Nord Ouvert session (the others are absent)."""
    with transaction.atomic():
        session = CohortSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        _require_runs_cohort(actor, session.cohort, SESSION_ATTENDANCE_PERMISSION)
        _require_held(session)
        added, removed = _set_present(
            attendance_model=SessionAttendance,
            session=session,
            present_enrolments=present_enrolments,
            all_enrolment_ids=session.cohort.enrolments.values_list("pk", flat=True),
        )
        record_event(actor=actor, action=AuditEventType.TRAININGS_SESSION_ATTENDANCE, target=session, added=added, removed=removed)


def meets_completion_rule(*, present: int, sessions: int, percent: int) -> bool:
    return sessions > 0 and present * 100 >= sessions * percent


def _check_completion(*, present: int, sessions: int, percent: int):
    if not meets_completion_rule(present=present, sessions=sessions, percent=percent):
        raise ValidationError(
            _("Présence à %(present)s séance(s) sur %(sessions)s : il en faut au moins %(percent)s %% pour terminer.")
            % {"present": present, "sessions": sessions, "percent": percent}
        )


def complete_cohort_enrolment(*, actor, enrolment: CohortEnrolment) -> CohortEnrolment:
    """Mark an organisme's training completed when it meets its cohort's rule; this opens its
    accélération gate."""
    with transaction.atomic():
        enrolment = (
            CohortEnrolment.objects.select_for_update(of=("self",))
            .select_related("cohort", "organisme")
            .get(pk=enrolment.pk)
        )
        cohort = enrolment.cohort
        _require_runs_cohort(actor, cohort, COHORT_COMPLETE_PERMISSION)
        if enrolment.completed_at:
            return enrolment
        _require_all_sessions_held(cohort)
        _check_completion(
            present=enrolment.attendances.count(), sessions=cohort.sessions.count(), percent=cohort.completion_percent
        )
        enrolment.completed_at = timezone.now()
        enrolment.completed_by = actor
        enrolment.save(update_fields=["completed_at", "completed_by"])
        record_event(actor=actor, action=AuditEventType.TRAININGS_COHORT_COMPLETE, target=enrolment)
        _notify_members(
            organisme=enrolment.organisme, template="training_completed", context={"cohort": cohort}, about=enrolment
        )
    return enrolment


# --- leadership lab ---------------------------------------------------------------------------


def enrol_leader(*, actor, cohort, leader) -> LabEnrolment:
    """Give a leader one of the lab's places (60 in all), even under concurrent selections."""
    _require_permission(actor, LAB_ENROL_PERMISSION)
    with transaction.atomic():
        limits = _locked_limits(cohort.program)
        if LabEnrolment.objects.filter(leader=leader).exists():
            raise ValidationError(_("%(leader)s participe déjà au laboratoire.") % {"leader": leader.full_name})
        if LabEnrolment.objects.filter(cohort__program=cohort.program).count() >= limits.leadership_lab_places:
            raise ValidationError(
                _("Les %(places)s places du laboratoire de leadership sont toutes attribuées.")
                % {"places": limits.leadership_lab_places},
                code="places_exhausted",
            )
        enrolment = LabEnrolment.objects.create(cohort=cohort, leader=leader, selected_by=actor)
        record_event(actor=actor, action=AuditEventType.TRAININGS_LAB_ENROL, target=enrolment)
    return enrolment


def record_lab_attendance(*, actor, session: LabSession, present_enrolments) -> None:
    _require_permission(actor, LAB_ATTENDANCE_PERMISSION)
    with transaction.atomic():
        session = LabSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        _require_held(session)
        added, removed = _set_present(
            attendance_model=LabAttendance,
            session=session,
            present_enrolments=present_enrolments,
            all_enrolment_ids=session.cohort.enrolments.values_list("pk", flat=True),
        )
        record_event(actor=actor, action=AuditEventType.TRAININGS_LAB_ATTENDANCE, target=session, added=added, removed=removed)


def complete_lab_enrolment(*, actor, enrolment: LabEnrolment) -> LabEnrolment:
    """Mark a leader's lab completed; this opens the innovation gate of the leader's organisme."""
    _require_permission(actor, LAB_COMPLETE_PERMISSION)
    with transaction.atomic():
        enrolment = (
            LabEnrolment.objects.select_for_update(of=("self",)).select_related("cohort", "leader").get(pk=enrolment.pk)
        )
        if enrolment.completed_at:
            return enrolment
        _require_all_sessions_held(enrolment.cohort)
        _check_completion(
            present=enrolment.attendances.count(),
            sessions=enrolment.cohort.sessions.count(),
            percent=enrolment.cohort.completion_percent,
        )
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
        record_event(
            actor=actor, action=AuditEventType.TRAININGS_LAB_COMPLETE, target=enrolment, organisme_id=enrolment.leader.organisme_id
        )
    return enrolment


# --- configuration ----------------------------------------------------------------------------

def check_training_limits(*, program, nord_ouvert_seats: int, leadership_lab_places: int) -> None:
    """A limit never drops below the seats already given (the admin form shows this before saving)."""
    errors = {}
    used = CohortEnrolment.objects.filter(cohort__program=program).count()
    if nord_ouvert_seats < used:
        errors["nord_ouvert_seats"] = ValidationError(
            _("%(used)s organismes ont déjà une place à la formation Nord Ouvert : la limite ne peut pas être "
              "inférieure.") % {"used": used},
            code="below_seats_used",
        )
    used = LabEnrolment.objects.filter(cohort__program=program).count()
    if leadership_lab_places < used:
        errors["leadership_lab_places"] = ValidationError(
            _("%(used)s leaders ont déjà une place au laboratoire : la limite ne peut pas être inférieure.")
            % {"used": used},
            code="below_places_used",
        )
    if errors:
        raise ValidationError(errors)


def update_training_limits(*, actor, limits: TrainingLimits, nord_ouvert_seats: int, leadership_lab_places: int):
    """Change the program's training seats; the audit event keeps the old and new values."""
    _require_permission(actor, LIMITS_PERMISSION)
    with transaction.atomic():
        # The same lock every selection takes: no seat is given while the limit moves.
        limits = _locked_limits(limits.program)
        check_training_limits(
            program=limits.program, nord_ouvert_seats=nord_ouvert_seats, leadership_lab_places=leadership_lab_places
        )
        new = {"nord_ouvert_seats": nord_ouvert_seats, "leadership_lab_places": leadership_lab_places}
        changes = {
            field: {"old": getattr(limits, field), "new": value}
            for field, value in new.items()
            if getattr(limits, field) != value
        }
        if not changes:
            return limits
        for field in changes:
            setattr(limits, field, new[field])
        limits.save(update_fields=list(changes))
        record_event(actor=actor, action=AuditEventType.TRAININGS_LIMITS_UPDATE, target=limits, changes=changes)
    return limits
