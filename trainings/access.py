"""The one way trainings views (organisme, trainer and admin pages) fetch an object by id.

"Missing" and "not yours" give the same 404. Whether the person may act on what they see is the
services' rule; these helpers only decide what a person may open.
"""

from django.http import Http404
from django.utils import timezone

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
    found = queryset.first()
    if found is None:
        raise Http404
    return found


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


def cohort_for_trainer(user, pk) -> Cohort:
    return _first_or_404(Cohort.objects.filter(pk=pk, trainers=user))


def session_for_trainer(user, pk) -> CohortSession:
    return _first_or_404(CohortSession.objects.select_related("cohort").filter(pk=pk, cohort__trainers=user))


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
