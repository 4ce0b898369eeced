"""The one way trainings views (organisme, trainer and admin pages) fetch an object by id.

"Missing" and "not yours" give the same 404. Whether the person may act on what they see is the
services' rule; these helpers only decide what a person may open.
"""

from django.http import Http404
from django.utils import timezone

from dataide.compiled import CompiledQuery
from organismes.selectors import current_membership

from .models import (
    Cohort,
    CohortEnrolment,
    CohortSession,
    LabCohort,
    LabSession,
    WebinarAttendance,
    WebinarRegistration,
    WebinarSession,
)


def _first_or_404(queryset):
    return _found_or_404(queryset.first())


# --- organisme pages --------------------------------------------------------------------------


def organisme_for_user(user):
    """The organisme the signed-in person works for; 404 without one."""
    membership = current_membership(user) if getattr(user, "is_authenticated", False) else None
    if membership is None:
        raise Http404
    return membership.organisme


def upcoming_webinar_for_registration(pk) -> WebinarSession:
    """Webinars are public; only those still to come can be registered for."""
    return _first_or_404(WebinarSession.objects.filter(pk=pk, starts_at__gt=timezone.now()))


def registration_for_organisme(organisme, webinar_pk) -> WebinarRegistration:
    return _first_or_404(
        WebinarRegistration.objects.select_related("webinar").filter(organisme=organisme, webinar_id=webinar_pk)
    )


def attendance_for_organisme(organisme, webinar_pk) -> WebinarAttendance:
    return _first_or_404(
        WebinarAttendance.objects.select_related("webinar").filter(organisme=organisme, webinar_id=webinar_pk)
    )


# --- trainer pages ----------------------------------------------------------------------------


# The trainer's pages open one of these on every visit: their SQL compiled once per process.
_COHORT_FOR_TRAINER = CompiledQuery(lambda pk, trainer_pk: Cohort.objects.filter(pk=pk, trainers=trainer_pk)[:1])
_SESSION_FOR_TRAINER = CompiledQuery(
    lambda pk, trainer_pk: CohortSession.objects.select_related("cohort").filter(pk=pk, cohort__trainers=trainer_pk)[:1]
)


def _found_or_404(found):
    if found is None:
        raise Http404
    return found


def cohort_for_trainer(user, pk) -> Cohort:
    return _found_or_404(_COHORT_FOR_TRAINER.first(pk=pk, trainer_pk=user.pk))


def session_for_trainer(user, pk) -> CohortSession:
    return _found_or_404(_SESSION_FOR_TRAINER.first(pk=pk, trainer_pk=user.pk))


def enrolment_for_trainer(user, pk) -> CohortEnrolment:
    return _first_or_404(
        CohortEnrolment.objects.select_related("cohort", "organisme").filter(pk=pk, cohort__trainers=user)
    )


# --- admin workflow pages ---------------------------------------------------------------------

ADMIN_QUERYSETS = {
    WebinarSession: lambda: WebinarSession.objects.all(),
    Cohort: lambda: Cohort.objects.select_related("program"),
    LabCohort: lambda: LabCohort.objects.select_related("program"),
    LabSession: lambda: LabSession.objects.select_related("cohort"),
}


def object_for_admin(model_admin, request, pk):
    """The object of `model_admin`'s model that the staff member may change; 404 otherwise (the
    same answer for a missing object and one they may not change)."""
    found = _first_or_404(ADMIN_QUERYSETS[model_admin.model]().filter(pk=pk))
    if not model_admin.has_change_permission(request, found):
        raise Http404
    return found
