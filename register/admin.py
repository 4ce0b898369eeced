"""« Résumés publics » in the admin: staff read what will be published for each submitted
application and correct it before the decision; the service checks, saves and audits."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from applications.models import PUBLIC_SUMMARY_MAX
from applications.statuses import WAITING_STATUSES
from programs.admin_scoping import RegionScopedAdminMixin

from .models import PublicSummary
from .services import EDIT_PERMISSION, edit_public_summary


class PublicSummaryForm(forms.ModelForm):
    class Meta:
        model = PublicSummary
        fields = ["public_summary", "public_summary_en"]
        widgets = {
            "public_summary": forms.Textarea(attrs={"rows": 5, "maxlength": PUBLIC_SUMMARY_MAX}),
            "public_summary_en": forms.Textarea(attrs={"rows": 5, "maxlength": PUBLIC_SUMMARY_MAX}),
        }


@admin.register(PublicSummary)
class PublicSummaryAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "region"
    form = PublicSummaryForm
    list_display = ["number", "title", "organisme", "tier", "status"]
    list_filter = ["tier", "status"]
    search_fields = ["number", "title", "organisme__legal_name", "organisme__neq"]
    readonly_fields = ["number", "title", "organisme", "tier", "status"]
    fields = ["number", "title", "organisme", "tier", "status", "public_summary", "public_summary_en"]
    list_select_related = ["organisme", "tier"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status__in=WAITING_STATUSES)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(EDIT_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(EDIT_PERMISSION)

    def has_module_permission(self, request):
        return request.user.has_perm(EDIT_PERMISSION)

    def save_model(self, request, obj, form, change):
        try:
            edit_public_summary(
                actor=request.user, application=obj,
                public_summary=form.cleaned_data["public_summary"],
                public_summary_en=form.cleaned_data["public_summary_en"],
            )
        except (PermissionDenied, ValidationError) as error:
            # The typed text is refused: say why, and not « modifié avec succès » after it.
            request._public_summary_refused = True
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_public_summary_refused", False):
            return
        super().message_user(request, message, level, *args, **kwargs)
