from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy

from . import services
from .models import (
    ConfidentialityIncident,
    Consent,
    ConsentPurpose,
    PrivacyNotice,
    PrivacyOfficer,
    PrivacyRequest,
    ReadLogEntry,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records kept as they were written: read here, never edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    """Adding publishes a new version; a published version is never edited."""

    list_display = ("version", "published_at", "published_by")
    fields = ("text_fr", "text_en")

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = services.publish_notice(actor=request.user, text_fr=obj.text_fr, text_en=obj.text_en)
        obj.pk, obj.version = published.pk, published.version


@admin.register(PrivacyOfficer)
class PrivacyOfficerAdmin(admin.ModelAdmin):
    list_display = ("title", "email", "phone", "updated_at")
    fields = ("title", "email", "phone")

    def has_add_permission(self, request):
        return False  # one row, created by `services.officer`

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        services.officer()
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        services.update_officer(actor=request.user, title=obj.title, email=obj.email, phone=obj.phone)


@admin.register(ConsentPurpose)
class ConsentPurposeAdmin(admin.ModelAdmin):
    list_display = ("label_fr", "code", "version", "active", "position")
    readonly_fields = ("version",)

    def has_delete_permission(self, request, obj=None):
        return False  # consents name their purpose: retire it (« proposée ») instead

    def save_model(self, request, obj, form, change):
        services.save_consent_purpose(actor=request.user, purpose=obj, fields=form.changed_data)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "user", "purpose", "purpose_version", "given", "method")
    list_filter = ("purpose", "given", "method")
    list_select_related = ("user", "purpose")
    search_fields = ("user__email",)


@admin.register(ReadLogEntry)
class ReadLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("read_at", "organisme_id", "reader", "reader_kind", "kind", "label")
    list_filter = ("reader_kind", "kind")
    list_select_related = ("reader",)


class IncidentForm(admin.ModelAdmin.form):
    def _post_clean(self):
        # The service's rules, shown on the form's fields before anything is saved.
        super()._post_clean()
        try:
            services._check_incident(self.cleaned_data)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(ConfidentialityIncident)
class ConfidentialityIncidentAdmin(admin.ModelAdmin):
    """The register (P-39.1 s. 3.8). Only the DATAide team holds its permissions; entries change
    through audited services and cannot be deleted before their five years are up."""

    form = IncidentForm
    list_display = ("occurred_from", "aware_on", "persons_count", "serious_risk", "commission_notified_on",
                    "persons_notified_on")
    list_filter = ("serious_risk",)
    readonly_fields = ("recorded_at", "recorded_by")
    fieldsets = (
        (None, {"fields": ("information_concerned", "circumstances")}),
        (gettext_lazy("Dates"), {"fields": ("occurred_from", "occurred_until", "occurred_approximate", "aware_on")}),
        (gettext_lazy("Personnes et risque"), {"fields": (
            "persons_count", "persons_count_approximate", "risk_assessment", "serious_risk")}),
        (gettext_lazy("Avis et mesures"), {"fields": (
            "commission_notified_on", "persons_notified_on", "public_notice", "measures")}),
        (gettext_lazy("Inscription"), {"fields": ("recorded_at", "recorded_by")}),
    )

    def has_delete_permission(self, request, obj=None):
        if obj is None or obj.keep_until > timezone.localdate():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in services.INCIDENT_FIELDS if name in form.cleaned_data}
        if change:
            services.update_incident(actor=request.user, incident=obj, **values)
        else:
            obj.pk = services.record_incident(actor=request.user, **values).pk


class PrivacyRequestForm(admin.ModelAdmin.form):
    def clean(self):
        # The services' rules, on the form's fields, so nothing typed is lost.
        data = super().clean()
        try:
            if self.instance.pk:
                services.check_answer(data.get("answer"))
            else:
                services.check_request(kind=data.get("kind"), received_on=data.get("received_on"))
        except ValidationError as error:
            self._update_errors(error)
        return data


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(admin.ModelAdmin):
    """The staff queue of requests, the oldest deadline first, with the days left (P-39.1 s. 32)."""

    form = PrivacyRequestForm
    list_display = ("kind", "requester_email", "organisme_name", "received_on", "due_on", "days_left", "answered_on")
    list_filter = ("kind", ("answered_on", admin.EmptyFieldListFilter))
    search_fields = ("requester_email", "organisme_name")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("kind", "requester_email", "organisme_name", "details", "received_on")
        return ("kind", "requester_email", "organisme_name", "details", "received_on", "due_on", "answer",
                "answered_on")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("kind", "requester_email", "organisme_name", "details", "received_on", "due_on")

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("jours restants"))
    def days_left(self, obj):
        if obj.answered_on:
            return "—"
        return (obj.due_on - timezone.localdate()).days

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.answer_request(
                actor=request.user, request=obj, answer=data.get("answer", ""), answered_on=data.get("answered_on"),
            )
        else:
            obj.pk = services.record_request(
                actor=request.user, kind=data["kind"], requester_email=data["requester_email"],
                details=data["details"], received_on=data["received_on"], organisme_name=data["organisme_name"],
            ).pk
