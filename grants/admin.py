"""Staff side of the agreements: the versioned texts (published through the service, never
edited), the payment schedule per tier, and the agreements (read only, with the 30-day queue)."""

from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import Agreement, AgreementText, PaymentStep


@admin.register(AgreementText)
class AgreementTextAdmin(admin.ModelAdmin):
    list_display = ("tier", "version", "report_due_months", "created_at", "created_by")
    list_filter = ("tier",)
    fields = ("tier", "body_fr", "body_en", "conditions_fr", "conditions_en", "report_due_months")

    def has_change_permission(self, request, obj=None):
        return False  # a published version is what signed agreements refer to: publish a new one

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        # The form already required both texts (the model's fields are not blank).
        published = services.publish_agreement_text(
            actor=request.user, tier=obj.tier, body_fr=obj.body_fr, body_en=obj.body_en,
            conditions_fr=obj.conditions_fr, conditions_en=obj.conditions_en,
            report_due_months=obj.report_due_months,
        )
        obj.pk, obj.version = published.pk, published.version


@admin.register(PaymentStep)
class PaymentStepAdmin(admin.ModelAdmin):
    list_display = ("tier", "position", "percent", "trigger")
    list_editable = ("position", "percent", "trigger")
    list_filter = ("tier",)


class UnsignedTooLongFilter(admin.SimpleListFilter):
    title = _("suivi")
    parameter_name = "suivi"

    def lookups(self, request, model_admin):
        return [("non-signee-30-jours", _("Non signée depuis 30 jours"))]

    def queryset(self, request, queryset):
        if self.value() == "non-signee-30-jours":
            return queryset.filter(pk__in=selectors.agreements_unsigned_too_long().values("pk"))
        return queryset


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("application", "version", "amount", "generated_at", "signed_at", "signer_name")
    list_filter = (UnsignedTooLongFilter, "application__tier")
    list_select_related = ("application",)
    search_fields = ("application__number", "application__organisme__legal_name", "signer_name")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Agreement._meta.fields]

    def get_urls(self):
        return [
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="grants_agreement_pdf"),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk):
        """The agreement as the organisme read and signed it (the same stored bytes)."""
        agreement = get_object_or_404(self.get_queryset(request).select_related("application"), pk=pk)
        if not self.has_view_permission(request, agreement):
            return HttpResponse(status=403)
        response = HttpResponse(services.agreement_pdf(agreement), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="convention-{agreement.application.number}.pdf"'
        return response

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
