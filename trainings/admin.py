"""Registrations and wiring of the trainings admin: webinars, Nord Ouvert cohorts, the leadership
lab, the training limits. The workflow pages (attendance import, manual attendance, selections,
lab attendance) are trainings.admin_views, their forms trainings.admin_forms; every change goes
through trainings.services."""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dataide.accounts.models import User
from dataide.accounts.roles import Role
from dataide.admin_exports import CsvExportAdminMixin
from dataide.admin_helpers import ACCESSIBLE_DATETIME_OVERRIDES, ReadOnlyInline
from organismes.admin import OrganismeAdmin
from programs.admin_scoping import RegionListFilter, RegionScopedAdminMixin

from . import admin_views, selectors, services
from .admin_forms import TrainingLimitsForm
from .exports import ATTENDANCE_COLUMNS
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


def _workflow_urls(model_admin, *routes):
    """URLs of workflow pages (trainings.admin_views), each given the ModelAdmin it belongs to."""
    return [
        path(route, model_admin.admin_site.admin_view(partial(view, model_admin=model_admin)), name=name)
        for route, view, name in routes
    ]


@admin.register(TrainingLimits)
class TrainingLimitsAdmin(admin.ModelAdmin):
    form = TrainingLimitsForm
    readonly_fields = ["program"]
    list_display = ["program", "nord_ouvert_seats", "leadership_lab_places", "seats_in_use"]

    def save_model(self, request, obj, form, change):
        # The limits are configuration: they change through the service, audited with old and new values.
        try:
            services.update_training_limits(actor=request.user, limits=obj, **form.cleaned_data)
        except ValidationError as error:
            admin_views.report(request, error)

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
        if not webinar.has_started:
            return _("L'import du rapport des participants et la saisie des présences s'ouvrent au début du webinaire.")
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:trainings_webinarsession_import", args=[webinar.pk]),
            _("Importer le rapport des participants (Zoom, Teams ou CSV)"),
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
            *_workflow_urls(
                self,
                ("<int:pk>/import/", admin_views.import_attendance, "trainings_webinarsession_import"),
                ("<int:pk>/presence/", admin_views.manual_attendance, "trainings_webinarsession_attendance"),
            ),
            *super().get_urls(),
        ]


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
                admin_views.report(request, error, prefix=f"{registration.organisme} : ")
            else:
                recorded += created
        messages.success(request, _("%(count)s présence(s) enregistrée(s).") % {"count": recorded})


@admin.register(WebinarAttendance)
class WebinarAttendanceAdmin(RegionScopedAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["webinar", "organisme", "minutes", "source", "recorded_at"]
    list_filter = ["source", "webinar", ("organisme__region", RegionListFilter)]
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
            *_workflow_urls(self, ("<int:pk>/selection/", admin_views.select_candidates, "trainings_cohort_select")),
            *super().get_urls(),
        ]


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
            admin_views.report(request, error, prefix=f"{enrolment} : ")
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
            *_workflow_urls(self, ("<int:pk>/selection/", admin_views.select_leaders, "trainings_labcohort_select")),
            *super().get_urls(),
        ]


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
            *_workflow_urls(
                self, ("<int:pk>/presences/", admin_views.lab_attendance, "trainings_labsession_attendance")
            ),
            *super().get_urls(),
        ]


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
