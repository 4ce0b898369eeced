from django.contrib import admin
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .eligibility import eligibility
from .models import Application, Attachment, BudgetLine, PartnerOrganisme


class _ReadOnlyInline(admin.TabularInline):
    """What the organisme wrote is its own: staff read it, only the organisme edits it."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetLineInline(_ReadOnlyInline):
    model = BudgetLine
    fields = readonly_fields = ["category", "description", "amount"]


class PartnerInline(_ReadOnlyInline):
    model = PartnerOrganisme
    fields = readonly_fields = ["name", "role"]


class AttachmentInline(_ReadOnlyInline):
    model = Attachment
    fields = readonly_fields = ["download", "content_type", "size", "uploaded_at"]

    @admin.display(description=_("document"))
    def download(self, attachment):
        url = reverse("admin:applications_application_attachment", args=[attachment.application_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisme", "tier", "status", "amount_requested", "amount_awarded", "submitted_at"]
    list_filter = ["tier", "status", "organisme__region"]
    search_fields = ["number", "organisme__legal_name", "organisme__neq"]
    list_select_related = ["organisme", "tier"]
    readonly_fields = [
        "eligibility_now", "need", "project_summary", "expected_results", "timeline", "data_governance",
        "sustainability", "network_scope",
    ]
    inlines = [BudgetLineInline, PartnerInline, AttachmentInline]

    @admin.display(description=_("admissibilité aujourd'hui"))
    def eligibility_now(self, application):
        if application.pk is None:
            return "—"
        answer = eligibility(application.organisme, application.tier, ignore_application=application)
        lines = [(answer.summary,)] + [(reason.message,) for reason in answer.reasons[1:]]
        return format_html_join("", "<p>{}</p>", lines)

    def get_urls(self):
        return [
            path(
                "<int:application_pk>/documents/<int:pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="applications_application_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, application_pk, pk):
        """Staff download a document through the admin, within the applications they may view."""
        if not self.has_view_permission(request):
            raise Http404
        application = self.get_queryset(request).filter(pk=application_pk).first()
        attachment = Attachment.objects.filter(application=application, pk=pk).first() if application else None
        if attachment is None:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
            content_type=attachment.content_type,
        )
