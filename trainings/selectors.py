"""Reads of the trainings app. Fetching by id, with its 404 rules, is trainings.access."""

from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, F, OuterRef
from django.utils import timezone

from dataide.compiled import CompiledCount, CompiledQuery
from dataide.staff_home import CompiledQueue, RowCount
from organismes.models import Organisme
from programs.admin_scoping import within_regions

from .models import (
    Cohort,
    CohortEnrolment,
    CohortSession,
    LabEnrolment,
    NordOuvertCandidacy,
    SessionAttendance,
    TrainingLimits,
    WebinarAttendance,
    WebinarFeedback,
    WebinarRegistration,
    WebinarSession,
)

# --- organisme side ---------------------------------------------------------------------------


def candidacy_of(organisme) -> NordOuvertCandidacy | None:
    return NordOuvertCandidacy.objects.filter(organisme=organisme).first()


def _upcoming(now=None):
    return WebinarSession.objects.filter(starts_at__gt=now or timezone.now())


def upcoming_webinar_count(now=None) -> int:
    """How many webinars are still to come, counted on the sessions alone (the calendar's pages):
    counting `upcoming_webinars()` grouped every session's registrations first."""
    return _UPCOMING_COUNT.count(now=now or timezone.now())


def upcoming_webinars(now=None):
    """The public calendar: upcoming webinars with the seats taken and left, in one query."""
    return (
        _upcoming(now)
        .annotate(seats_taken=Count("registrations"))
        .annotate(places_left=F("capacity") - F("seats_taken"))
        .order_by("starts_at")
    )


def webinars_for_organisme(organisme, now=None):
    """Upcoming webinars with the organisme's registration and the seats taken, in one query
    (`now`: the moment they are upcoming from, this one by default)."""
    return upcoming_webinars(now).annotate(
        registered=Exists(WebinarRegistration.objects.filter(webinar=OuterRef("pk"), organisme=organisme)),
    )


def calendar_webinars(now, organisme_pk, *, bottom: int, top: int) -> list[WebinarSession]:
    """The calendar's page `[bottom:top]` of `upcoming_webinars()`, or of `webinars_for_organisme()`
    for the organisme `organisme_pk`, from SQL compiled once per process: compiling the
    annotations cost the calendar some 2 000 calls a view. The slice is written into the SQL, so
    each page keeps its own SQL (as many as the calendar has pages)."""
    return _CALENDAR_PAGE.run(now=now, organisme_pk=organisme_pk, shape={"bottom": bottom, "top": top})


def _calendar_page(now, organisme_pk, *, bottom, top):
    webinars = upcoming_webinars(now) if organisme_pk is None else webinars_for_organisme(organisme_pk, now)
    return webinars[bottom:top]


_CALENDAR_PAGE = CompiledQuery(_calendar_page)
_UPCOMING_COUNT = CompiledCount(_upcoming)


def attended_webinars(organisme):
    return WebinarAttendance.objects.filter(organisme=organisme).select_related("webinar").order_by("-webinar__starts_at")


# --- staff side -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatUsage:
    nord_ouvert_seats: int
    nord_ouvert_used: int
    lab_places: int
    lab_used: int

    @property
    def nord_ouvert_left(self) -> int:
        return max(self.nord_ouvert_seats - self.nord_ouvert_used, 0)

    @property
    def lab_left(self) -> int:
        return max(self.lab_places - self.lab_used, 0)


def seat_usage(program, regions=None) -> SeatUsage:
    """The program's Nord Ouvert seats and lab places and how many are taken, by organismes of
    `regions` when given (a regional person's share; the seats stay the program's). One query:
    the limits carry the two counts."""
    nord_ouvert = CohortEnrolment.objects.filter(cohort__program=program)
    lab = LabEnrolment.objects.filter(cohort__program=program)
    if regions is not None:
        nord_ouvert, lab = nord_ouvert.filter(organisme__region__in=regions), lab.filter(leader__organisme__region__in=regions)
    counted = TrainingLimits.objects.filter(program=program).annotate(
        nord_ouvert_used=RowCount(nord_ouvert.values("pk")), lab_used=RowCount(lab.values("pk"))
    )
    limits = counted.first()
    if limits is None:  # the program's limits are created with their defaults on first use
        TrainingLimits.objects.get_or_create(program=program)
        limits = counted.get()
    return SeatUsage(
        nord_ouvert_seats=limits.nord_ouvert_seats,
        nord_ouvert_used=limits.nord_ouvert_used,
        lab_places=limits.leadership_lab_places,
        lab_used=limits.lab_used,
    )


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    usefulness: float | None
    clarity: float | None
    comments: list


def feedback_summary(webinar) -> FeedbackSummary:
    """What participants said of one webinar, for staff adapting the content; never who said it."""
    answers = WebinarFeedback.objects.filter(webinar=webinar)
    totals = answers.aggregate(count=Count("pk"), usefulness=Avg("usefulness"), clarity=Avg("clarity"))
    comments = list(
        answers.exclude(most_useful="", suggestions="").values("most_useful", "suggestions", "created_at")
    )
    return FeedbackSummary(
        answers=totals["count"], usefulness=totals["usefulness"], clarity=totals["clarity"], comments=comments
    )


# --- trainer side -----------------------------------------------------------------------------


def trainer_cohorts(user):
    return Cohort.objects.filter(trainers=user).annotate(
        enrolled=Count("enrolments", distinct=True), session_count=Count("sessions", distinct=True)
    )


# The trainer's cohort page reads these on every visit: their SQL compiled once per process.
_COHORT_SESSIONS = CompiledQuery(
    lambda cohort_pk: CohortSession.objects.filter(cohort=cohort_pk).annotate(present=Count("attendances"))
    .order_by("starts_at").values("pk", "title", "starts_at", "present")
)
_COHORT_ENROLMENTS = CompiledQuery(
    lambda cohort_pk: CohortEnrolment.objects.filter(cohort=cohort_pk)
    .annotate(present=Count("attendances"), legal_name=F("organisme__legal_name"))
    .order_by("organisme__legal_name").values("pk", "legal_name", "completed_at", "present")
)


def cohort_sessions(cohort) -> list[dict]:
    """The cohort's sessions (pk, title, starts_at) with their presence count, in one query."""
    return _COHORT_SESSIONS.run(cohort_pk=cohort.pk)


def cohort_enrolments(cohort) -> list[dict]:
    """Enrolments (pk, the organisme's legal_name, completed_at) with their presence count, in one
    query whatever their number."""
    return _COHORT_ENROLMENTS.run(cohort_pk=cohort.pk)


def session_enrolments(session):
    """The cohort's enrolments, the choices of the session's attendance form."""
    return session.cohort.enrolments.select_related("organisme").order_by("organisme__legal_name")


# The session's page reads it on every visit (and again after a rejected form): compiled once.
_SESSION_ATTENDANCE = CompiledQuery(
    lambda session_pk, cohort_pk: CohortEnrolment.objects.filter(cohort=cohort_pk)
    .order_by("organisme__legal_name")
    .annotate(
        legal_name=F("organisme__legal_name"),
        is_present=Exists(SessionAttendance.objects.filter(session=session_pk, enrolment=OuterRef("pk"))),
    )
    .values("pk", "legal_name", "is_present")
)


def session_attendance(session) -> list[dict]:
    """The cohort's enrolments as the attendance form lists them (pk, the organisme's legal_name),
    each flagged `is_present` at `session` or not, in one query."""
    return _SESSION_ATTENDANCE.run(session_pk=session.pk, cohort_pk=session.cohort_id)


def candidates_without_seat():
    """Organismes that applied for the Nord Ouvert training and have no seat yet."""
    return Organisme.objects.filter(nord_ouvert_candidacy__isnull=False, cohort_enrolment__isnull=True)



def registered_organismes(webinar):
    return Organisme.objects.filter(webinar_registrations__webinar=webinar)


# --- leadership lab ---------------------------------------------------------------------------


def lab_session_enrolments(session):
    return session.cohort.enrolments.select_related("leader")


def lab_present_enrolment_ids(session) -> list[int]:
    return list(LabEnrolment.objects.filter(attendances__session=session).values_list("pk", flat=True))


# --- staff work queues (the staff home, see dataide.staff_home) ---------------------------------


def _webinars_without_attendance(now):
    held = WebinarSession.objects.filter(starts_at__lt=now).exclude(
        Exists(WebinarAttendance.objects.filter(webinar=OuterRef("pk")))
    )
    return held.order_by("-starts_at", "pk")


_WEBINARS_WITHOUT_ATTENDANCE = CompiledQueue(_webinars_without_attendance)


def webinars_without_attendance():
    """Webinars already held whose attendance nobody recorded yet, the most recent first:
    (count, first rows)."""
    return _WEBINARS_WITHOUT_ATTENDANCE.first(now=timezone.now())


@dataclass(frozen=True)
class SelectionQueue:
    waiting: int
    """Nord Ouvert candidacies without a seat (in the person's regions)."""
    cohorts: list
    """Cohorts not over yet with seats left (`seats_left` set), the soonest first."""


_WAITING_CANDIDATES = CompiledCount(lambda region_ids: within_regions(candidates_without_seat(), region_ids, "region"))
_COHORTS_WITH_SEATS = CompiledQuery(
    lambda today: Cohort.objects.filter(ends_on__gte=today)
    .annotate(seats_left=F("capacity") - Count("enrolments"))
    .filter(seats_left__gt=0)
    .order_by("starts_on", "pk")
)


def selection_queue(region_ids) -> SelectionQueue:
    return SelectionQueue(
        waiting=_WAITING_CANDIDATES.count(region_ids=region_ids),
        cohorts=_COHORTS_WITH_SEATS.run(today=timezone.localdate()),
    )
