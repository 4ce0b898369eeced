"""Staff side of the agreements: the versioned texts (published through the service, never
edited), the payment schedule per tier, and the agreements (read only, with the 30-day queue)."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from applications.models import Application, BudgetCategory
from dataide.exports import Column, csv_lines, csv_response, csv_row
from dataide.formatting import format_money
from dataide.forms import MoneyField
from dataide.storage import download_response
from programs.admin_scoping import RegionScopedAdminMixin, limit_to_regions

from . import admin_views, services
from .admin_filters import FollowUpFilter
from .budgets import budget_versions
from .forms import DecisionReasonForm, PaperSignatureForm, add_service_errors
from .models import (
    Agreement,
    AgreementText,
    Amendment,
    FinalReport,
    Payment,
    PaymentBatch,
    PaymentBatchLine,
    PaymentStep,
    ReportAttachment,
    ReportQuestion,
)


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


# Regional Centraide staff follow their regions' grants: every list, action and page below is
# limited to them (another region's object answers 404), as the applications' admin is.
REGION = "application__region"


@admin.register(Agreement)
class AgreementAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = REGION
    list_display = ("application", "version", "amount", "generated_at", "signed_at", "signer_name")
    list_filter = (FollowUpFilter, "application__tier")
    list_select_related = ("application",)
    search_fields = ("application__number", "application__organisme__legal_name", "signer_name")
    actions = ["batch_payments_due"]

    def has_pay_permission(self, request):
        return request.user.has_perm(services.PAY_PERMISSION)  # regional staff follow, the team pays

    @admin.action(description=_("Créer un lot de paiements avec les versements dus"), permissions=["pay"])
    def batch_payments_due(self, request, queryset):
        applications = Application.objects.filter(agreement__in=queryset).select_related("organisme")
        try:
            batch = services.create_payment_batch(actor=request.user, applications=applications)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:grants_paymentbatch_change", args=[batch.pk]))

    def get_readonly_fields(self, request, obj=None):
        return ["staff_actions", *(field.name for field in Agreement._meta.fields)]

    @admin.display(description=_("Actions de l'équipe"))
    def staff_actions(self, obj):
        links = [(reverse("admin:grants_agreement_pdf", args=[obj.pk]), _("Télécharger la convention (PDF)"))]
        if obj.is_signed:
            links.append((reverse("admin:grants_agreement_signed", args=[obj.pk]), _("Télécharger la convention signée")))
            if obj.countersigned_at is None:
                links.append((reverse("admin:grants_agreement_countersign", args=[obj.pk]), _("Contresigner")))
        else:
            links.append((reverse("admin:grants_agreement_paper", args=[obj.pk]), _("Déposer la copie signée sur papier")))
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def get_urls(self):
        return [
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="grants_agreement_pdf"),
            path("<int:pk>/signee/", self.admin_site.admin_view(self.signed_view), name="grants_agreement_signed"),
            path("<int:pk>/contresigner/", self.admin_site.admin_view(self.countersign_view), name="grants_agreement_countersign"),
            path("<int:pk>/papier/", self.admin_site.admin_view(self.paper_view), name="grants_agreement_paper"),
            *super().get_urls(),
        ]

    def _agreement(self, request, pk) -> Agreement:
        """Through the admin's queryset (regional staff see their regions' only): else 404."""
        return get_object_or_404(self.get_queryset(request).select_related("application__organisme"), pk=pk)

    def signed_view(self, request, pk):
        agreement = self._agreement(request, pk)
        if not agreement.is_signed:
            raise Http404
        field_file, filename, content_type = services.signed_document(agreement)
        return download_response(field_file, filename=filename, content_type=content_type)

    def _action_page(self, request, agreement, form, *, title, intro, button):
        return render(request, "admin/grants/agreement_action.html", {
            **self.admin_site.each_context(request), "agreement": agreement, "form": form, "title": title,
            "intro": intro, "button": button,
        })

    def countersign_view(self, request, pk):
        agreement = self._agreement(request, pk)
        if request.method == "POST":
            try:
                services.countersign_agreement(actor=request.user, agreement=agreement)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, _refusal_text(error), messages.ERROR)
            else:
                self.message_user(request, _("La convention est contresignée."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:grants_agreement_change", args=[pk]))
        return self._action_page(
            request, agreement, None, title=_("Contresigner la convention"), button=_("Contresigner"),
            intro=_("Vous contresignez, au nom de Centraide, la convention %(number)s signée par %(name)s.")
            % {"number": agreement.application.number, "name": agreement.signer_name},
        )

    def paper_view(self, request, pk):
        agreement = self._agreement(request, pk)
        form = PaperSignatureForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.record_paper_signature(
                    actor=request.user, agreement=agreement, uploaded_file=form.cleaned_data["file"],
                    full_name=form.cleaned_data["full_name"], title=form.cleaned_data["title"],
                )
            except PermissionDenied as error:
                form.add_error(None, _refusal_text(error) or _("Vous n'avez pas le droit de faire ce dépôt."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("La copie signée est déposée : la convention est signée."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:grants_agreement_change", args=[pk]))
        return self._action_page(
            request, agreement, form, title=_("Déposer la copie signée sur papier"), button=_("Déposer"),
            intro=_("L'organisme a signé la convention %(number)s sur papier : la copie déposée tient lieu de signature.")
            % {"number": agreement.application.number},
        )

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


class PaymentForm(forms.ModelForm):
    amount = MoneyField(label=_("Montant"))

    class Meta:
        model = Payment
        fields = ("application", "amount", "paid_on", "method", "reference")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = Application.objects.filter(status__in=services.PAYABLE_STATUSES)


class ReversalForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


@admin.register(Payment)
class PaymentAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """The ledger: payments are recorded through the service (the award is never exceeded) and
    reversed by a line of their own, never changed nor deleted."""

    region_lookup = REGION
    form = PaymentForm
    list_display = ("application", "amount", "paid_on", "method", "reference", "reverses", "batch", "recorded_by")
    list_filter = ("method", "application__tier")
    list_select_related = ("application", "reverses", "batch", "recorded_by")
    search_fields = ("application__number", "reference")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:  # a recorded payment is only read
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        payment = services.record_payment(
            actor=request.user, application=data["application"], amount=data["amount"], paid_on=data["paid_on"],
            method=data["method"], reference=data["reference"],
        )
        obj.pk = payment.pk

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A refusal of the service (above the award, before signature) is a message, not an error page.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            for text in error.messages:
                self.message_user(request, text, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(lambda request, **kwargs: function(self, request, **kwargs))

        return [
            path("<int:pk>/annuler/", self.admin_site.admin_view(self.reverse_view), name="grants_payment_reverse"),
            # The money pages read every ledger of the program; they live with the payments.
            path("rapport-ministere/", view(admin_views.ministry_report_view), name="grants_ministry_report"),
            path("rapport-ministere/pdf/", view(admin_views.ministry_report_pdf_view), name="grants_ministry_report_pdf"),
            path("rapport-ministere/csv/", view(admin_views.ministry_report_csv_view), name="grants_ministry_report_csv"),
            path("engage-verse-restant/", view(admin_views.money_view), name="grants_money"),
            *super().get_urls(),
        ]

    def reverse_view(self, request, pk):
        payment = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ReversalForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.reverse_payment(actor=request.user, payment=payment, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("Le paiement est annulé."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:grants_payment_changelist"))
        return render(request, "admin/grants/reverse_payment.html", {
            **self.admin_site.each_context(request), "payment": payment, "form": form, "title": _("Annuler un paiement"),
        })


class PaymentBatchLineInline(RegionScopedAdminMixin, admin.TabularInline):
    model = PaymentBatchLine
    region_lookup = REGION
    fields = ("application", "amount")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


BATCH_COLUMNS = [
    Column(_("Numéro"), "application__number"),
    Column(_("Organisme"), "application__organisme__legal_name"),
    Column(_("NEQ"), "application__organisme__neq"),
    Column(_("Montant"), "amount"),
]


@admin.register(PaymentBatch)
class PaymentBatchAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "lines__application__region"
    list_display = ("__str__", "created_at", "created_by", "paid_at")
    inlines = [PaymentBatchLineInline]
    actions = ["export_csv", "mark_paid"]
    readonly_fields = ("created_at", "created_by", "paid_at")

    def get_queryset(self, request):
        # A batch with a line in the person's regions (one row per batch, whatever its lines).
        return PaymentBatch.objects.filter(pk__in=super().get_queryset(request).values("pk"))

    def has_add_permission(self, request):
        return False  # a batch is made from the agreements' list (payments due)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Exporter le lot (CSV)"), permissions=["view"])
    def export_csv(self, request, queryset):
        lines = limit_to_regions(PaymentBatchLine.objects.filter(batch__in=queryset), request.user, REGION).order_by(
            "batch", "application__number"
        )
        total = lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)

        def content():
            yield from csv_lines(lines, BATCH_COLUMNS)
            yield csv_row([_("Total"), "", "", total])

        return csv_response(content(), "lot-paiements")

    def has_pay_permission(self, request):
        return request.user.has_perm(services.PAY_PERMISSION)

    @admin.action(description=_("Marquer le lot comme payé"), permissions=["pay"])
    def mark_paid(self, request, queryset):
        for batch in queryset:
            try:
                services.mark_batch_paid(actor=request.user, batch=batch, paid_on=timezone.localdate())
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{batch} : {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR)
            else:
                self.message_user(request, _("%(batch)s est marqué comme payé.") % {"batch": batch}, messages.SUCCESS)


@admin.register(ReportQuestion)
class ReportQuestionAdmin(admin.ModelAdmin):
    list_display = ("tier", "position", "key", "label_fr")
    list_filter = ("tier",)


class ChangesForm(forms.Form):
    message = forms.CharField(label=_("Ce qu'il faut modifier"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)


def _refusal_text(error) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@admin.register(FinalReport)
class FinalReportAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Staff read the report, accept it or send it back with a message, then close the file."""

    region_lookup = REGION
    list_display = ("application", "status", "submitted_at", "accepted_at")
    list_filter = ("status", "application__tier")
    list_select_related = ("application",)
    readonly_fields = (
        "application", "answers", "spent_table", "documents", "status", "submitted_at", "submitted_by", "staff_message",
        "accepted_at",
    )
    fields = readonly_fields

    @admin.display(description=_("budget réellement dépensé"))
    def spent_table(self, obj):
        return format_html_join(
            "", "<div>{} – {} : {} ({})</div>",
            ((BudgetCategory(row["category"]).label, row["description"], format_money(row["spent"]) or "—",
              _("prévu : %(amount)s") % {"amount": format_money(row["planned"])}) for row in obj.spent),
        )

    @admin.display(description=_("documents"))
    def documents(self, obj):
        return format_html_join(" · ", '<a href="{}">{}</a>', (
            (reverse("admin:grants_finalreport_document", args=[obj.pk, attachment.pk]), attachment.original_name)
            for attachment in obj.attachments.all()
        ))

    def document_view(self, request, pk, attachment_pk):
        report = get_object_or_404(self.get_queryset(request), pk=pk)
        attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
        return download_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
    actions = ["accept", "close"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _each(self, request, queryset, service, done):
        for report in queryset.select_related("application__organisme"):
            try:
                service(actor=request.user, application=report.application)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{report} : {_refusal_text(error)}", messages.ERROR)
            else:
                self.message_user(request, done % {"report": report}, messages.SUCCESS)

    def has_decide_permission(self, request):
        return request.user.has_perm(services.REPORT_DECISION_PERMISSION)  # regional staff follow, the team decides

    @admin.action(description=_("Accepter le bilan"), permissions=["decide"])
    def accept(self, request, queryset):
        self._each(request, queryset, services.accept_report, _("%(report)s est accepté."))

    @admin.action(description=_("Fermer le dossier"), permissions=["decide"])
    def close(self, request, queryset):
        self._each(request, queryset, services.close_application, _("Le dossier de %(report)s est fermé."))

    def get_urls(self):
        return [
            path("<int:pk>/modifications/", self.admin_site.admin_view(self.changes_view), name="grants_finalreport_changes"),
            path("<int:pk>/documents/<int:attachment_pk>/", self.admin_site.admin_view(self.document_view), name="grants_finalreport_document"),
            *super().get_urls(),
        ]

    def changes_view(self, request, pk):
        report = get_object_or_404(self.get_queryset(request).select_related("application__organisme"), pk=pk)
        form = ChangesForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.request_report_changes(actor=request.user, application=report.application, message=form.cleaned_data["message"])
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, _refusal_text(error))
            else:
                self.message_user(request, _("La demande de modifications est envoyée à l'organisme."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:grants_finalreport_changelist"))
        return render(request, "admin/grants/report_changes.html", {
            **self.admin_site.each_context(request), "report": report, "form": form, "title": _("Demander des modifications"),
        })


@admin.register(Amendment)
class AmendmentAdmin(admin.ModelAdmin):
    """Staff read a request beside every budget version and approve or refuse it with a reason."""

    list_display = ("application", "status", "requested_at", "decided_at", "version")
    list_filter = ("status",)
    list_select_related = ("application",)
    search_fields = ("application__number", "application__organisme__legal_name")
    readonly_fields = (
        "application", "decide_link", "lines", "timeline", "reason", "status", "requested_at", "requested_by",
        "decided_at", "decided_by", "decision_reason", "version",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False  # the organisme asks, from its agreement page

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("décision"))
    def decide_link(self, obj):
        if obj.status != "pending":
            return obj.get_status_display()
        return format_html_join("", '<a href="{}">{}</a>', [(reverse("admin:grants_amendment_decide", args=[obj.pk]), _("Décider (versions côte à côte)"))])

    def get_urls(self):
        return [
            path("<int:pk>/decider/", self.admin_site.admin_view(self.decide_view), name="grants_amendment_decide"),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk):
        amendment = get_object_or_404(self.get_queryset(request).select_related("application__organisme"), pk=pk)
        form = DecisionReasonForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decide = services.approve_amendment if request.POST.get("decision") == "approve" else services.refuse_amendment
            try:
                decide(actor=request.user, amendment=amendment, reason=form.cleaned_data["reason"])
            except PermissionDenied as error:
                form.add_error(None, _refusal_text(error) or _("Vous n'avez pas le droit de décider."))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, _("La décision est enregistrée ; l'organisme en est avisé par courriel."), messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:grants_amendment_changelist"))
        pending = budget_versions(amendment.application, [*services.approved_amendments(amendment.application), amendment])
        return render(request, "admin/grants/amendment_decide.html", {
            **self.admin_site.each_context(request), "amendment": amendment, "form": form, "versions": pending,
            "title": _("Décider de la modification de %(number)s") % {"number": amendment.application.number},
        })
