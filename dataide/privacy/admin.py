from django.contrib import admin

from . import services
from .models import Consent, ConsentPurpose, PrivacyNotice, PrivacyOfficer, ReadLogEntry


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
        # A new text is a new version: consents given before name the text they were given under.
        if change and {"text_fr", "text_en", "label_fr", "label_en"} & set(form.changed_data):
            obj.version += 1
        super().save_model(request, obj, form, change)


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
