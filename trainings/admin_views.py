"""Workflow pages of the trainings admin: the attendance import wizard, manual attendance, the
selection of Nord Ouvert candidates and lab leaders, lab attendance. Each fetches through
trainings.access and changes state only through trainings.services; trainings/admin.py wires them."""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.storage import list_folder, private_storage

from . import access, selectors, services
from .admin_forms import (
    AttendanceFileForm,
    CandidateSelectionForm,
    LeaderSelectionForm,
    ManualAttendanceForm,
    UnmatchedLineForm,
)
from .attendance_import import AttendanceFileError, match_participants, parse_participants
from .forms import SessionAttendanceForm


def report(request, error: ValidationError, prefix: str = ""):
    for text in error.messages:
        messages.error(request, f"{prefix}{text}")


def _page(request, model_admin, template: str, **context):
    return TemplateResponse(request, template, {
        **model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **context,
    })


# --- webinars ---------------------------------------------------------------------------------


def _refuse_before_the_webinar(request, webinar):
    """Attendance exists only once the webinar has begun: say so instead of offering a form."""
    if webinar.has_started:
        return None
    messages.error(
        request,
        _("Ce webinaire n'a pas encore eu lieu : la présence s'enregistre après la séance, à partir du "
          "rapport des participants de la plateforme."),
    )
    return redirect("admin:trainings_webinarsession_change", webinar.pk)


def manual_attendance(request, pk, *, model_admin):
    webinar = access.object_for_admin(model_admin, request, pk)
    if refused := _refuse_before_the_webinar(request, webinar):
        return refused
    form = ManualAttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _attendance, created = services.record_attendance(
                actor=request.user, webinar=webinar, organisme=form.cleaned_data["organisme"],
                minutes=form.cleaned_data["minutes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, _("Présence enregistrée ; l'organisme est avisé que la bourse amorçage lui est ouverte."))
            else:
                messages.info(request, _("Cette présence était déjà enregistrée."))
            return redirect("admin:trainings_webinarsession_change", webinar.pk)
    return _page(request, model_admin, "trainings/admin/manual_attendance.html",
                 webinar=webinar, form=form, title=_("Marquer une présence"))


class StoredUpload:
    """The uploaded file between the preview and the confirmation: kept in private storage (it
    names people), its storage name alone in the session; removed once confirmed or abandoned."""

    FOLDER = "imports-presences"
    # A wizard left open (no confirm, no cancel) cannot be told from one abandoned; past this age
    # its file is swept at the next upload, whoever makes it.
    ABANDONED_AFTER = timedelta(days=1)

    def __init__(self, request, webinar):
        self.session = request.session
        self.key = f"trainings_import_{webinar.pk}"
        self.webinar = webinar

    @property
    def name(self) -> str | None:
        return self.session.get(self.key)

    def read(self) -> bytes | None:
        if not self.name or not private_storage().exists(self.name):
            return None
        with private_storage().open(self.name) as stored:
            return stored.read()

    def replace(self, data: bytes) -> None:
        self.discard()
        self.sweep_abandoned()
        name = private_storage().save(f"{self.FOLDER}/{self.webinar.pk}/{uuid.uuid4().hex}.txt", ContentFile(data))
        self.session[self.key] = name

    @classmethod
    def sweep_abandoned(cls) -> None:
        storage = private_storage()
        cutoff = timezone.now() - cls.ABANDONED_AFTER
        for folder in list_folder(storage, cls.FOLDER)[0]:
            for file_name in list_folder(storage, f"{cls.FOLDER}/{folder}")[1]:
                name = f"{cls.FOLDER}/{folder}/{file_name}"
                if storage.get_modified_time(name) < cutoff:
                    storage.delete(name)

    def discard(self) -> None:
        if self.name:
            private_storage().delete(self.name)
            del self.session[self.key]


def import_attendance(request, pk, *, model_admin):
    """Upload → preview (matched, to fix, or skipped with the reason) → confirm; nothing is
    recorded before staff confirm."""
    webinar = access.object_for_admin(model_admin, request, pk)
    upload = StoredUpload(request, webinar)
    if refused := _refuse_before_the_webinar(request, webinar):
        upload.discard()
        return refused
    data = upload.read()
    if request.method == "POST" and "cancel" in request.POST:
        upload.discard()
        return redirect("admin:trainings_webinarsession_change", webinar.pk)
    if request.method == "POST" and "confirm" in request.POST:
        if data is None:
            messages.error(request, _("L'aperçu n'est plus disponible ; téléversez de nouveau le fichier."))
            return redirect("admin:trainings_webinarsession_import", webinar.pk)
        return _confirm_import(request, model_admin, webinar, upload, data)
    form = AttendanceFileForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"].read()
        try:
            parse_participants(uploaded)
        except AttendanceFileError as error:
            errors = error.errors
        else:
            upload.replace(uploaded)
            return redirect("admin:trainings_webinarsession_import", webinar.pk)
    if request.method == "GET" and data is not None:
        return _preview(request, model_admin, webinar, match_participants(parse_participants(data)))
    return _page(request, model_admin, "trainings/admin/import_upload.html",
                 webinar=webinar, form=form, errors=errors, title=_("Importer la liste des participants"))


def _line_forms(webinar, lines, data=None):
    registered = selectors.registered_organismes(webinar)
    return {
        line.participant.line: UnmatchedLineForm(data, prefix=f"l{line.participant.line}", registered=registered)
        for line in lines
        if line.needs_decision
    }


def _preview(request, model_admin, webinar, lines, forms_by_line=None):
    forms_by_line = forms_by_line or _line_forms(webinar, lines)
    rows = [(line, forms_by_line.get(line.participant.line)) for line in lines]
    return _page(request, model_admin, "trainings/admin/import_preview.html", webinar=webinar, rows=rows,
                 skipped=sum(1 for line in lines if line.participant.skip_reason),
                 title=_("Vérifier l'import avant de confirmer"))


def _confirm_import(request, model_admin, webinar, upload, data):
    lines = match_participants(parse_participants(data))
    forms_by_line = _line_forms(webinar, lines, data=request.POST)
    if not all(form.is_valid() for form in forms_by_line.values()):
        return _preview(request, model_admin, webinar, lines, forms_by_line)
    rows = [
        services.ImportRow(
            organisme=line.organisme or (
                forms_by_line[line.participant.line].cleaned_data["organisme"] if line.needs_decision else None
            ),
            minutes=line.participant.minutes,
            name=line.participant.name,
            email=line.participant.email,
        )
        for line in lines
    ]
    try:
        result = services.import_webinar_attendance(actor=request.user, webinar=webinar, rows=rows)
    except ValidationError as error:
        report(request, error)
        return _preview(request, model_admin, webinar, lines, forms_by_line)
    upload.discard()
    messages.success(
        request,
        _("Import terminé : %(recorded)s présence(s) enregistrée(s), %(already)s déjà connue(s), "
          "%(short)s sous la présence minimale, %(skipped)s ligne(s) ignorée(s).")
        % {"recorded": result.recorded, "already": result.already_recorded, "short": result.too_short,
           "skipped": result.skipped},
    )
    return redirect("admin:trainings_webinarsession_change", webinar.pk)


# --- Nord Ouvert and the leadership lab -------------------------------------------------------


def select_candidates(request, pk, *, model_admin):
    cohort = access.object_for_admin(model_admin, request, pk)
    form = CandidateSelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selected = 0
        for organisme in form.cleaned_data["organismes"]:
            try:
                services.select_into_cohort(actor=request.user, cohort=cohort, organisme=organisme)
            except ValidationError as error:
                report(request, error)
            else:
                selected += 1
        if selected:
            messages.success(request, _("%(count)s organisme(s) sélectionné(s) ; ils sont avisés par courriel.") % {"count": selected})
        return redirect("admin:trainings_cohort_select", cohort.pk)
    return _page(
        request, model_admin, "trainings/admin/select_candidates.html", cohort=cohort, form=form,
        cohort_left=max(cohort.capacity - cohort.enrolments.count(), 0), usage=selectors.seat_usage(cohort.program),
        title=_("Sélectionner des organismes pour « %(cohort)s »") % {"cohort": cohort.name},
    )


def select_leaders(request, pk, *, model_admin):
    cohort = access.object_for_admin(model_admin, request, pk)
    form = LeaderSelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for leader in form.cleaned_data["leaders"]:
            try:
                services.enrol_leader(actor=request.user, cohort=cohort, leader=leader)
            except ValidationError as error:
                report(request, error)
        return redirect("admin:trainings_labcohort_select", cohort.pk)
    return _page(
        request, model_admin, "trainings/admin/select_leaders.html", cohort=cohort, form=form,
        usage=selectors.seat_usage(cohort.program),
        title=_("Inscrire des leaders à « %(cohort)s »") % {"cohort": cohort.name},
    )


def lab_attendance(request, pk, *, model_admin):
    session = access.object_for_admin(model_admin, request, pk)
    form = SessionAttendanceForm(
        request.POST or None, enrolments=selectors.lab_session_enrolments(session),
        initial={"present": selectors.lab_present_enrolment_ids(session)},
        label=lambda enrolment: enrolment.leader.full_name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_lab_attendance(
                actor=request.user, session=session, present_enrolments=form.cleaned_data["present"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Présences enregistrées."))
            return redirect("admin:trainings_labcohort_change", session.cohort_id)
    return _page(request, model_admin, "trainings/admin/lab_attendance.html", session=session, form=form,
                 title=_("Présences : %(session)s") % {"session": session})
