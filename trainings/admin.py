"""Staff side of the trainings: webinars (import of the participant export, manual attendance,
feedback), Nord Ouvert cohorts (selection of candidates within the seats), the leadership lab.
Every change goes through trainings.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dataide.accounts.models import User
from dataide.accounts.roles import Role
from dataide.admin_exports import CsvExportAdminMixin
from dataide.admin_helpers import ACCESSIBLE_DATETIME_OVERRIDES, ReadOnlyInline
from organismes.admin import OrganismeAdmin
from organismes.models import Organisme
from programs.admin_scoping import RegionScopedAdminMixin

from . import selectors, services
from .attendance_import import (
    AttendanceFileError,
    match_participants,
    parse_participants,
)
from .exports import ATTENDANCE_COLUMNS
from .forms import AttendanceFileForm, SessionAttendanceForm, UnmatchedLineForm
from .models import (
    Cohort,
    CohortEnrolment,
    CohortSession,
    LabCohort,
    LabEnrolment,
    LabSession,
    Leader,
    NordOuvertCandidacy,
    TrainingLimits,
    WebinarAttendance,
    WebinarFeedback,
    WebinarRegistration,
    WebinarSession,
)

IMPORT_SESSION_KEY = "trainings_import_{pk}"


def _report(request, error: ValidationError, prefix: str = ""):
    for text in error.messages:
        messages.error(request, f"{prefix}{text}")



@admin.register(TrainingLimits)
class TrainingLimitsAdmin(admin.ModelAdmin):
    list_display = ["program", "nord_ouvert_seats", "leadership_lab_places", "seats_in_use"]

    @admin.display(description=gettext_lazy("places utilisées"))
    def seats_in_use(self, limits):
        usage = selectors.seat_usage(limits.program)
        return _("Nord Ouvert : %(no)s / %(no_max)s · laboratoire : %(lab)s / %(lab_max)s") % {
            "no": usage.nord_ouvert_used, "no_max": usage.nord_ouvert_seats,
            "lab": usage.lab_used, "lab_max": usage.lab_places,
        }

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- webinars ---------------------------------------------------------------------------------


class RegistrationInline(RegionScopedAdminMixin, ReadOnlyInline):
    region_lookup = "organisme__region"
    model = WebinarRegistration
    fields = ["organisme", "registered_by", "created_at", "reminded_at"]
    readonly_fields = fields


class AttendanceInline(RegionScopedAdminMixin, ReadOnlyInline):
    region_lookup = "organisme__region"
    model = WebinarAttendance
    fields = ["organisme", "minutes", "attendee_name", "attendee_email", "source", "recorded_by", "recorded_at"]
    readonly_fields = fields


class ManualAttendanceForm(forms.Form):
    organisme = forms.ModelChoiceField(label=gettext_lazy("Organisme"), queryset=Organisme.objects.all())
    minutes = forms.IntegerField(label=gettext_lazy("Minutes de présence (facultatif)"), required=False, min_value=0)


@admin.register(WebinarSession)
class WebinarSessionAdmin(admin.ModelAdmin):
    formfield_overrides = ACCESSIBLE_DATETIME_OVERRIDES
    list_display = ["title", "starts_at", "language", "capacity", "registration_count", "attendance_count"]
    list_filter = ["language"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["staff_tools", "feedback_overview"]
    fieldsets = [
        (None, {"fields": ["title", "starts_at", "duration_minutes", "language", "capacity", "join_url", "description",
                           "minimum_presence_minutes"]}),
        (gettext_lazy("Présences et avis"), {"fields": ["staff_tools", "feedback_overview"]}),
    ]
    inlines = [RegistrationInline, AttendanceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            registration_total=Count("registrations", distinct=True), attendance_total=Count("attendances", distinct=True)
        )

    @admin.display(description=gettext_lazy("inscriptions"), ordering="registration_total")
    def registration_count(self, webinar):
        return webinar.registration_total

    @admin.display(description=gettext_lazy("présences"), ordering="attendance_total")
    def attendance_count(self, webinar):
        return webinar.attendance_total

    @admin.display(description=gettext_lazy("outils"))
    def staff_tools(self, webinar):
        if not webinar.pk:
            return "—"
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:trainings_webinarsession_import", args=[webinar.pk]),
            _("Importer la liste des participants (CSV)"),
            reverse("admin:trainings_webinarsession_attendance", args=[webinar.pk]),
            _("Marquer une présence"),
        )

    @admin.display(description=gettext_lazy("avis des participants"))
    def feedback_overview(self, webinar):
        if not webinar.pk:
            return "—"
        return render_to_string("trainings/admin/feedback_summary.html", {"summary": selectors.feedback_summary(webinar)})

    def get_urls(self):
        return [
            path("<int:pk>/import/", self.admin_site.admin_view(self.import_view), name="trainings_webinarsession_import"),
            path(
                "<int:pk>/presence/",
                self.admin_site.admin_view(self.attendance_view),
                name="trainings_webinarsession_attendance",
            ),
            *super().get_urls(),
        ]

    def _webinar_for_change(self, request, pk) -> WebinarSession:
        webinar = get_object_or_404(WebinarSession, pk=pk)
        if not self.has_change_permission(request, webinar):
            raise PermissionDenied
        return webinar

    def _context(self, request, webinar, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "webinar": webinar, **extra}

    def attendance_view(self, request, pk):
        webinar = self._webinar_for_change(request, pk)
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
        return TemplateResponse(
            request, "trainings/admin/manual_attendance.html",
            self._context(request, webinar, form=form, title=_("Marquer une présence")),
        )

    def import_view(self, request, pk):
        """Upload → preview (matched, or to fix/skip) → confirm; the file is kept in the session
        between the two steps, so nothing is recorded before staff confirm."""
        webinar = self._webinar_for_change(request, pk)
        session_key = IMPORT_SESSION_KEY.format(pk=webinar.pk)
        if request.method == "POST" and "confirm" in request.POST and session_key in request.session:
            return self._confirm_import(request, webinar, session_key)
        upload = AttendanceFileForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and upload.is_valid():
            data = upload.cleaned_data["file"].read()
            try:
                parse_participants(data)
            except AttendanceFileError as error:
                errors = error.errors
            else:
                request.session[session_key] = data.decode("latin-1")
                return redirect("admin:trainings_webinarsession_import", webinar.pk)
        if request.method == "GET" and session_key in request.session:
            return self._preview(request, webinar, session_key)
        return TemplateResponse(
            request, "trainings/admin/import_upload.html",
            self._context(request, webinar, form=upload, errors=errors, title=_("Importer la liste des participants")),
        )

    def _stored_lines(self, request, session_key):
        # The raw bytes travel through the JSON session as latin-1, which maps every byte.
        return match_participants(parse_participants(request.session[session_key].encode("latin-1")))

    def _line_forms(self, request, webinar, lines, data=None):
        registered = Organisme.objects.filter(webinar_registrations__webinar=webinar)
        return {
            line.participant.line: UnmatchedLineForm(data, prefix=f"l{line.participant.line}", registered=registered)
            for line in lines
            if line.organisme is None
        }

    def _preview(self, request, webinar, session_key, lines=None, forms_by_line=None):
        lines = lines or self._stored_lines(request, session_key)
        forms_by_line = forms_by_line or self._line_forms(request, webinar, lines)
        rows = [(line, forms_by_line.get(line.participant.line)) for line in lines]
        return TemplateResponse(
            request, "trainings/admin/import_preview.html",
            self._context(request, webinar, rows=rows, title=_("Vérifier l'import avant de confirmer")),
        )

    def _confirm_import(self, request, webinar, session_key):
        if "cancel" in request.POST:
            del request.session[session_key]
            return redirect("admin:trainings_webinarsession_change", webinar.pk)
        lines = self._stored_lines(request, session_key)
        forms_by_line = self._line_forms(request, webinar, lines, data=request.POST)
        if not all(form.is_valid() for form in forms_by_line.values()):
            return self._preview(request, webinar, session_key, lines, forms_by_line)
        rows = [
            services.ImportRow(
                organisme=line.organisme or forms_by_line[line.participant.line].cleaned_data["organisme"],
                minutes=line.participant.minutes,
                name=line.participant.name,
                email=line.participant.email,
            )
            for line in lines
        ]
        result = services.import_webinar_attendance(actor=request.user, webinar=webinar, rows=rows)
        del request.session[session_key]
        messages.success(
            request,
            _("Import terminé : %(recorded)s présence(s) enregistrée(s), %(already)s déjà connue(s), "
              "%(short)s sous la présence minimale, %(skipped)s ligne(s) ignorée(s).")
            % {"recorded": result.recorded, "already": result.already_recorded, "short": result.too_short,
               "skipped": result.skipped},
        )
        return redirect("admin:trainings_webinarsession_change", webinar.pk)


@admin.register(WebinarRegistration)
class WebinarRegistrationAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["webinar", "organisme", "created_at", "reminded_at"]
    list_filter = ["webinar"]
    list_select_related = ["webinar", "organisme"]
    search_fields = ["organisme__legal_name", "organisme__neq"]
    readonly_fields = ["webinar", "organisme", "registered_by", "created_at", "reminded_at"]
    actions = ["mark_present"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Marquer présents les organismes sélectionnés"), permissions=["change"])
    def mark_present(self, request, queryset):
        recorded = 0
        for registration in queryset:
            try:
                _attendance, created = services.record_attendance(
                    actor=request.user, webinar=registration.webinar, organisme=registration.organisme
                )
            except ValidationError as error:
                _report(request, error, prefix=f"{registration.organisme} : ")
            else:
                recorded += created
        messages.success(request, _("%(count)s présence(s) enregistrée(s).") % {"count": recorded})


@admin.register(WebinarAttendance)
class WebinarAttendanceAdmin(RegionScopedAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["webinar", "organisme", "minutes", "source", "recorded_at"]
    list_filter = ["source", "webinar", "organisme__region"]
    list_select_related = ["webinar", "organisme"]
    search_fields = ["organisme__legal_name", "organisme__neq", "attendee_email"]
    export_columns = ATTENDANCE_COLUMNS
    export_prefix = "presences-webinaires"

    # Attendance opens a gate and sends an e-mail: it is recorded only through the service.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WebinarFeedback)
class WebinarFeedbackAdmin(admin.ModelAdmin):
    list_display = ["webinar", "usefulness", "clarity", "created_at"]
    list_filter = ["webinar"]
    # Staff read what was said, not who said it.
    exclude = ["organisme"]
    readonly_fields = ["webinar", "usefulness", "clarity", "most_useful", "suggestions", "created_at"]

    def has_add_permission(self, request):
        return False


# --- Nord Ouvert ------------------------------------------------------------------------------


class CohortSessionInline(admin.TabularInline):
    formfield_overrides = ACCESSIBLE_DATETIME_OVERRIDES
    model = CohortSession
    extra = 1


class EnrolmentInline(RegionScopedAdminMixin, ReadOnlyInline):
    region_lookup = "organisme__region"
    model = CohortEnrolment
    fields = ["organisme", "selected_by", "selected_at", "completed_at"]
    readonly_fields = fields


class CandidateSelectionForm(forms.Form):
    organismes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organismes candidats sans place"), queryset=Organisme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organismes"].queryset = selectors.candidates_without_seat()


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "capacity", "enrolled", "selection_link"]
    filter_horizontal = ["trainers"]
    inlines = [CohortSessionInline, EnrolmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(enrolled_total=Count("enrolments"))

    @admin.display(description=gettext_lazy("inscrits"), ordering="enrolled_total")
    def enrolled(self, cohort):
        return cohort.enrolled_total

    @admin.display(description=gettext_lazy("sélection"))
    def selection_link(self, cohort):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:trainings_cohort_select", args=[cohort.pk]), _("Sélectionner des candidats")
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "trainers":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.NORD_OUVERT_TRAINER.value)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path("<int:pk>/selection/", self.admin_site.admin_view(self.select_view), name="trainings_cohort_select"),
            *super().get_urls(),
        ]

    def select_view(self, request, pk):
        cohort = get_object_or_404(Cohort, pk=pk)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        form = CandidateSelectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            selected = 0
            for organisme in form.cleaned_data["organismes"]:
                try:
                    services.select_into_cohort(actor=request.user, cohort=cohort, organisme=organisme)
                except ValidationError as error:
                    _report(request, error)
                else:
                    selected += 1
            if selected:
                messages.success(request, _("%(count)s organisme(s) sélectionné(s) ; ils sont avisés par courriel.") % {"count": selected})
            return redirect("admin:trainings_cohort_select", cohort.pk)
        return TemplateResponse(request, "trainings/admin/select_candidates.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "cohort": cohort,
            "form": form,
            "cohort_left": max(cohort.capacity - cohort.enrolments.count(), 0),
            "usage": selectors.seat_usage(cohort.program),
            "title": _("Sélectionner des organismes pour « %(cohort)s »") % {"cohort": cohort.name},
        })


@admin.register(NordOuvertCandidacy)
class NordOuvertCandidacyAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["organisme", "created_at", "seat"]
    list_select_related = ["organisme__cohort_enrolment__cohort"]
    search_fields = ["organisme__legal_name", "organisme__neq"]
    readonly_fields = ["organisme", "motivation", "submitted_by", "created_at"]

    @admin.display(description=gettext_lazy("cohorte"))
    def seat(self, candidacy):
        enrolment = getattr(candidacy.organisme, "cohort_enrolment", None)
        return enrolment.cohort.name if enrolment else "—"

    def has_add_permission(self, request):
        return False


@admin.register(CohortEnrolment)
class CohortEnrolmentAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["organisme", "cohort", "selected_at", "completed_at"]
    list_filter = ["cohort"]
    list_select_related = ["organisme", "cohort"]
    search_fields = ["organisme__legal_name", "organisme__neq"]
    readonly_fields = ["organisme", "cohort", "selected_by", "selected_at", "completed_at", "completed_by"]
    actions = ["mark_completed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Marquer la formation terminée (selon la règle de présence)"), permissions=["change"])
    def mark_completed(self, request, queryset):
        _complete_each(request, queryset, services.complete_cohort_enrolment)


def _complete_each(request, queryset, complete):
    done = 0
    for enrolment in queryset:
        try:
            complete(actor=request.user, enrolment=enrolment)
        except ValidationError as error:
            _report(request, error, prefix=f"{enrolment} : ")
        else:
            done += 1
    if done:
        messages.success(request, _("%(count)s participation(s) terminée(s).") % {"count": done})


# --- leadership lab ---------------------------------------------------------------------------


class LabSessionInline(admin.TabularInline):
    formfield_overrides = ACCESSIBLE_DATETIME_OVERRIDES
    model = LabSession
    extra = 1
    show_change_link = True


class LabEnrolmentInline(RegionScopedAdminMixin, ReadOnlyInline):
    region_lookup = "leader__organisme__region"
    model = LabEnrolment
    fields = ["leader", "selected_at", "completed_at"]
    readonly_fields = fields


class LeaderSelectionForm(forms.Form):
    leaders = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Leaders sans place au laboratoire"),
        queryset=Leader.objects.filter(lab_enrolment__isnull=True).select_related("organisme"),
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(LabCohort)
class LabCohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "enrolled", "selection_link"]
    inlines = [LabSessionInline, LabEnrolmentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(enrolled_total=Count("enrolments"))

    @admin.display(description=gettext_lazy("participants"), ordering="enrolled_total")
    def enrolled(self, cohort):
        return cohort.enrolled_total

    @admin.display(description=gettext_lazy("sélection"))
    def selection_link(self, cohort):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:trainings_labcohort_select", args=[cohort.pk]), _("Inscrire des leaders")
        )

    def get_urls(self):
        return [
            path("<int:pk>/selection/", self.admin_site.admin_view(self.select_view), name="trainings_labcohort_select"),
            *super().get_urls(),
        ]

    def select_view(self, request, pk):
        cohort = get_object_or_404(LabCohort, pk=pk)
        if not self.has_change_permission(request, cohort):
            raise PermissionDenied
        form = LeaderSelectionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            for leader in form.cleaned_data["leaders"]:
                try:
                    services.enrol_leader(actor=request.user, cohort=cohort, leader=leader)
                except ValidationError as error:
                    _report(request, error)
            return redirect("admin:trainings_labcohort_select", cohort.pk)
        return TemplateResponse(request, "trainings/admin/select_leaders.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "cohort": cohort,
            "form": form,
            "usage": selectors.seat_usage(cohort.program),
            "title": _("Inscrire des leaders à « %(cohort)s »") % {"cohort": cohort.name},
        })


@admin.register(LabSession)
class LabSessionAdmin(admin.ModelAdmin):
    formfield_overrides = ACCESSIBLE_DATETIME_OVERRIDES
    """A lab session's page is where staff tick who was present."""

    list_display = ["title", "cohort", "starts_at"]
    list_filter = ["cohort"]
    readonly_fields = ["cohort", "attendance_link"]
    fields = ["cohort", "title", "starts_at", "attendance_link"]

    @admin.display(description=gettext_lazy("présences"))
    def attendance_link(self, session):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:trainings_labsession_attendance", args=[session.pk]), _("Cocher les présences"),
        )

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/presences/", self.admin_site.admin_view(self.attendance_view), name="trainings_labsession_attendance"),
            *super().get_urls(),
        ]

    def attendance_view(self, request, pk):
        session = get_object_or_404(LabSession.objects.select_related("cohort"), pk=pk)
        if not self.has_change_permission(request, session):
            raise PermissionDenied
        enrolments = session.cohort.enrolments.select_related("leader")
        present = LabEnrolment.objects.filter(attendances__session=session).values_list("pk", flat=True)
        form = SessionAttendanceForm(
            request.POST or None, enrolments=enrolments, initial={"present": list(present)},
            label=lambda enrolment: enrolment.leader.full_name,
        )
        if request.method == "POST" and form.is_valid():
            services.record_lab_attendance(actor=request.user, session=session, present_enrolments=form.cleaned_data["present"])
            messages.success(request, _("Présences enregistrées."))
            return redirect("admin:trainings_labcohort_change", session.cohort_id)
        return TemplateResponse(request, "trainings/admin/lab_attendance.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "session": session, "form": form,
            "title": _("Présences : %(session)s") % {"session": session},
        })


@admin.register(Leader)
class LeaderAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["full_name", "email", "organisme"]
    list_select_related = ["organisme"]
    search_fields = ["full_name", "email", "organisme__legal_name", "organisme__neq"]
    autocomplete_fields = ["organisme"]


@admin.register(LabEnrolment)
class LabEnrolmentAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "leader__organisme__region"
    list_display = ["leader", "cohort", "selected_at", "completed_at"]
    list_filter = ["cohort"]
    list_select_related = ["leader", "cohort"]
    readonly_fields = ["leader", "cohort", "selected_by", "selected_at", "completed_at"]
    actions = ["mark_completed"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Marquer le laboratoire terminé (selon la règle de présence)"), permissions=["change"])
    def mark_completed(self, request, queryset):
        _complete_each(request, queryset, services.complete_lab_enrolment)


# --- sections of the organisme's admin page ---------------------------------------------------


class OrganismeRegistrationInline(ReadOnlyInline):
    model = WebinarRegistration
    fields = readonly_fields = ["webinar", "registered_by", "created_at"]


class OrganismeAttendanceInline(ReadOnlyInline):
    model = WebinarAttendance
    fields = readonly_fields = ["webinar", "minutes", "attendee_name", "source", "recorded_at"]


class OrganismeCandidacyInline(ReadOnlyInline):
    model = NordOuvertCandidacy
    fields = readonly_fields = ["motivation", "submitted_by", "created_at"]


class OrganismeEnrolmentInline(ReadOnlyInline):
    model = CohortEnrolment
    fields = readonly_fields = ["cohort", "selected_at", "completed_at"]


class OrganismeLeaderInline(ReadOnlyInline):
    model = Leader
    fields = readonly_fields = ["full_name", "email", "lab_status"]
    verbose_name_plural = gettext_lazy("leaders au laboratoire de leadership")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lab_enrolment__cohort")

    @admin.display(description=gettext_lazy("laboratoire"))
    def lab_status(self, leader):
        enrolment = getattr(leader, "lab_enrolment", None)
        if enrolment is None:
            return _("pas inscrit")
        if enrolment.completed_at:
            return _("%(cohort)s : terminé") % {"cohort": enrolment.cohort}
        return _("%(cohort)s : en cours") % {"cohort": enrolment.cohort}


for _inline in (
    OrganismeRegistrationInline, OrganismeAttendanceInline, OrganismeCandidacyInline, OrganismeEnrolmentInline,
    OrganismeLeaderInline,
):
    OrganismeAdmin.contribute_inline(_inline)
