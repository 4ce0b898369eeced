from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organismes.selectors import current_membership
from programs.models import Gate

from . import access, selectors, services, trainer_rows
from .cards import calendar_cards
from .forms import CandidacyForm, FeedbackForm, SessionAttendanceForm
from .gates import open_gates

CALENDAR_PER_PAGE = 12


def _show_refusal(request, error: ValidationError):
    for text in error.messages:
        messages.error(request, text)


# --- organisme pages --------------------------------------------------------------------------


@login_required
def webinar_list(request):
    organisme = access.organisme_for_user(request.user)
    return render(request, "trainings/webinar_list.html", {
        "organisme": organisme,
        "webinars": selectors.webinars_for_organisme(organisme),
        "attended": selectors.attended_webinars(organisme),
        "gates": open_gates(organisme),
        "candidacy": selectors.candidacy_of(organisme),
    })


@require_GET
def calendar(request):
    """The public calendar of awareness webinars: visitors see dates, language and places left;
    registering asks them to sign up or sign in first (calendar_register)."""
    membership = current_membership(request.user) if request.user.is_authenticated else None
    organisme = membership and membership.organisme
    now = timezone.now()
    # A page of the nearest webinars: the calendar may be planned a year or more ahead, and
    # rendering every card made it the slowest public page (README « Benchmarks »). The pages
    # are counted on the sessions alone; the page's rows are read after, with their seats.
    paginator = Paginator(range(selectors.upcoming_webinar_count(now)), CALENDAR_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    bottom = (page_obj.number - 1) * CALENDAR_PER_PAGE
    page_obj.object_list = selectors.calendar_webinars(
        now, organisme and organisme.pk, bottom=bottom, top=bottom + CALENDAR_PER_PAGE
    )
    return render(request, "trainings/calendar.html", {
        "webinars": page_obj.object_list, "page_obj": page_obj, "organisme": organisme,
        "cards": calendar_cards(request, page_obj.object_list, organisme),
    })


@login_required
@require_GET
def calendar_register(request, pk):
    """Where the calendar sends a visitor after signing in: confirm the registration of the
    organisme (the form posts to `register`, which calls the registration service)."""
    webinar = access.upcoming_webinar_for_registration(pk)
    membership = current_membership(request.user)
    if membership is None:
        messages.info(request, _("Inscrivez d'abord votre organisme ; vous pourrez ensuite vous inscrire au webinaire."))
        return redirect("organismes:start")
    return render(request, "trainings/calendar_register.html", {"webinar": webinar, "organisme": membership.organisme})


@login_required
@require_POST
def register(request, pk):
    organisme = access.organisme_for_user(request.user)
    webinar = access.upcoming_webinar_for_registration(pk)
    try:
        services.register_for_webinar(actor=request.user, webinar=webinar, organisme=organisme)
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, _("Inscription confirmée : le lien de connexion vous est envoyé par courriel."))
    return redirect("trainings:webinars")


@login_required
@require_POST
def unregister(request, pk):
    organisme = access.organisme_for_user(request.user)
    registration = access.registration_for_organisme(organisme, pk)
    try:
        services.cancel_webinar_registration(actor=request.user, registration=registration)
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, _("Votre inscription est annulée."))
    return redirect("trainings:webinars")


@login_required
def feedback(request, pk):
    organisme = access.organisme_for_user(request.user)
    attendance = access.attendance_for_organisme(organisme, pk)
    if attendance.feedback_given:
        messages.info(request, _("Votre organisme a déjà donné son avis sur ce webinaire. Merci !"))
        return redirect("trainings:webinars")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_webinar_feedback(actor=request.user, attendance=attendance, **form.cleaned_data)
        except ValidationError as error:
            _show_refusal(request, error)
        else:
            messages.success(request, _("Merci ! Votre avis nous aide à améliorer les webinaires."))
        return redirect("trainings:webinars")
    return render(request, "trainings/feedback.html", {"form": form, "webinar": attendance.webinar})


@login_required
def candidacy(request):
    organisme = access.organisme_for_user(request.user)
    webinar_gate = open_gates(organisme)[Gate.WEBINAR]
    existing = selectors.candidacy_of(organisme)
    form = CandidacyForm(request.POST or None)
    if request.method == "POST" and webinar_gate.is_open and not existing and form.is_valid():
        try:
            services.submit_nord_ouvert_candidacy(
                actor=request.user, organisme=organisme, motivation=form.cleaned_data["motivation"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Candidature reçue : l'équipe DATAide vous écrira après la sélection."))
            return redirect("trainings:webinars")
    return render(request, "trainings/candidacy.html", {
        "form": form, "webinar_gate": webinar_gate, "existing": existing, "organisme": organisme,
    })


# --- trainer pages (namespace trainings_staff: MFA required) ----------------------------------


@login_required
def trainer_cohorts(request):
    return render(request, "trainings/trainer/cohort_list.html", {"cohorts": selectors.trainer_cohorts(request.user)})


@login_required
def trainer_cohort(request, pk):
    cohort = access.cohort_for_trainer(request.user, pk)
    sessions = selectors.cohort_sessions(cohort)
    return render(request, "trainings/trainer/cohort_detail.html", {
        "cohort": cohort,
        "session_rows": trainer_rows.session_rows(sessions),
        "enrolment_rows": trainer_rows.enrolment_rows(
            request, selectors.cohort_enrolments(cohort), session_count=len(sessions)
        ),
    })


@login_required
def trainer_session(request, pk):
    session = access.session_for_trainer(request.user, pk)
    enrolments = selectors.session_enrolments(session)
    if request.method == "POST":
        form = SessionAttendanceForm(request.POST, enrolments=enrolments)
        if form.is_valid():
            try:
                services.record_session_attendance(
                    actor=request.user, session=session, present_enrolments=form.cleaned_data["present"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Présences enregistrées."))
                return redirect("trainings:trainings_staff:cohort", pk=session.cohort_id)
        rows = selectors.session_attendance(session)
    else:
        rows = selectors.session_attendance(session)
        form = SessionAttendanceForm(
            initial={"present": [row["pk"] for row in rows if row["is_present"]]}, enrolments=enrolments
        )
    return render(request, "trainings/trainer/session.html", {
        "session": session, "form": form, "attendance_form": trainer_rows.attendance_form(form, rows),
        "upcoming": session.starts_at > timezone.now(),
    })


@login_required
@require_POST
def trainer_complete(request, pk):
    enrolment = access.enrolment_for_trainer(request.user, pk)
    try:
        services.complete_cohort_enrolment(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(
            request, _("%(organisme)s a terminé la formation ; l'organisme en est avisé.") % {"organisme": enrolment.organisme}
        )
    return redirect("trainings:trainings_staff:cohort", pk=enrolment.cohort_id)
