"""The DATAide team's main tool: the applications list (filters, search, bulk actions, CSV), the
application page (read-only as the organisme wrote it, its history, trail, messages, the
committee's scorecards and the decision form) and the program dashboard.

Every change goes through a service (screening, reminders, decisions). Later apps add what they
own without this app importing them: committees contributes its « assign » action and its
scorecards section through `ApplicationAdmin.contribute_action` / `contribute_section`."""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dataide.admin_exports import CsvExportAdminMixin
from dataide.admin_helpers import ReadOnlyInline, money_column
from dataide.audit.admin import audit_trail_html
from dataide.documents import render_pdf
from dataide.outbox.admin import MessagesInline
from organismes.admin import OrganismeAdmin
from programs.admin_scoping import RegionScopedAdminMixin
from programs.years import program_years

from . import decisions, reminders, services
from .eligibility import eligibility
from .exports import APPLICATION_COLUMNS
from .models import AWARDED_STATUSES, Application, Attachment, BudgetLine, PartnerOrganisme, StatusChange
from .models import ApplicationStatus as S
from .reporting import WAITING_STATUSES, cached_program_dashboard, current_program
from .reporting_charts import dashboard_charts

# --- Read-only inlines --------------------------------------------------------------------------



class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = readonly_fields = ["category", "description", money_column(BudgetLine, "amount")]


class PartnerInline(ReadOnlyInline):
    model = PartnerOrganisme
    fields = readonly_fields = ["name", "role"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = readonly_fields = ["download", "content_type", "size", "uploaded_at"]

    @admin.display(description=gettext_lazy("document"))
    def download(self, attachment):
        url = reverse("admin:applications_application_attachment", args=[attachment.application_id, attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.original_name)


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = readonly_fields = ["created_at", "from_status", "to_status", "actor", "note"]
    verbose_name_plural = gettext_lazy("historique des statuts")


# --- List filters ---------------------------------------------------------------------------------


class ProgramYearFilter(admin.SimpleListFilter):
    """Program years run from the anniversary of the program's start (programs.years); an
    application belongs to the year it was submitted in."""

    title = gettext_lazy("année du programme (soumission)")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        program = current_program()
        return [
            (
                str(year.number),
                _("Année %(number)s (%(start)s – %(end)s)")
                % {"number": year.number, "start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()},
            )
            for year in (program_years(program) if program else [])
        ]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        year = next((y for y in program_years(current_program()) if str(y.number) == self.value()), None)
        if year is None:
            return queryset.none()
        return queryset.filter(submitted_at__gte=year.start, submitted_at__lt=year.end)


# (parameter value, label, lower bound exclusive, upper bound inclusive)
AMOUNT_BRACKETS = [
    ("0-1000", gettext_lazy("1 000 $ ou moins"), None, Decimal(1000)),
    ("1000-5000", gettext_lazy("de 1 000 $ à 5 000 $"), Decimal(1000), Decimal(5000)),
    ("5000-20000", gettext_lazy("de 5 000 $ à 20 000 $"), Decimal(5000), Decimal(20000)),
    ("20000-", gettext_lazy("plus de 20 000 $"), Decimal(20000), None),
]


class AmountRangeFilter(admin.SimpleListFilter):
    title = gettext_lazy("montant demandé")
    parameter_name = "montant"

    def lookups(self, request, model_admin):
        return [(value, label) for value, label, _low, _high in AMOUNT_BRACKETS]

    def queryset(self, request, queryset):
        bracket = next((b for b in AMOUNT_BRACKETS if b[0] == self.value()), None)
        if bracket is None:
            return queryset
        _value, _label, low, high = bracket
        if low is not None:
            queryset = queryset.filter(amount_requested__gt=low)
        if high is not None:
            queryset = queryset.filter(amount_requested__lte=high)
        return queryset


class StatusGroupFilter(admin.SimpleListFilter):
    """Groups of statuses staff look for together; « bourses » is the awards list (and export)."""

    title = gettext_lazy("étape")
    parameter_name = "etape"

    def lookups(self, request, model_admin):
        return [
            ("bourses", _("Bourses accordées (toutes les étapes après l'octroi)")),
            ("en_attente", _("En attente d'une action")),
        ]

    def queryset(self, request, queryset):
        groups = {"bourses": AWARDED_STATUSES, "en_attente": WAITING_STATUSES}
        if self.value() in groups:
            return queryset.filter(status__in=groups[self.value()])
        return queryset


# --- Forms of the actions and the decision --------------------------------------------------------


class ActionMessageForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5, "cols": 80}), required=False, max_length=3000)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Décision"),
        choices=[
            ("award", gettext_lazy("Accorder la bourse")),
            ("decline", gettext_lazy("Refuser")),
            ("waitlist", gettext_lazy("Placer sur la liste d'attente")),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label=gettext_lazy("Montant accordé ($)"), required=False, min_value=0, decimal_places=2)
    reason = forms.CharField(
        label=gettext_lazy("Motif communiqué à l'organisme (obligatoire pour un refus)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), required=False, max_length=3000,
    )


DECIDABLE = (S.IN_REVIEW, S.WAITLISTED)


# --- The admin ------------------------------------------------------------------------------------


@admin.register(Application)
class ApplicationAdmin(RegionScopedAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = [
        "number_or_draft", "organisme_name", "region", "tier", "status",
        money_column(Application, "amount_requested"), money_column(Application, "amount_awarded"), "submitted_at",
    ]
    list_filter = [
        "tier", "status", StatusGroupFilter, "organisme__region",
        # A string path: the committees app owns the relation, this app never imports it.
        "committee_assignment__committee", ProgramYearFilter, AmountRangeFilter,
    ]
    search_fields = ["number", "organisme__legal_name", "organisme__neq", "organisme__memberships__user__email"]
    search_help_text = gettext_lazy("Numéro de demande, nom de l'organisme, NEQ ou courriel d'un membre.")
    list_select_related = ["organisme__region", "tier"]
    list_per_page = 50
    actions = ["screen_eligible", "screen_ineligible", "send_reminder", "export_selection"]
    export_columns = APPLICATION_COLUMNS
    export_prefix = "demandes"
    change_sections: list = []
    readonly_fields = [
        "number", "organisme_link", "tier", "status", "title", "amount_requested", "amount_awarded",
        "submitted_at", "decided_at", "decided_by", "decision_reason", "eligibility_now",
        "need", "project_summary", "expected_results", "timeline", "data_governance", "sustainability",
        "network_scope", "audit_trail", "contributed_sections",
    ]
    inlines = [BudgetLineInline, PartnerInline, AttachmentInline, StatusChangeInline, MessagesInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": [
                "number", "organisme_link", "tier", "status", "title", "amount_requested", "amount_awarded",
                "submitted_at", "decided_at", "decided_by", "decision_reason", "eligibility_now",
            ]}),
            (_("La demande telle que l'organisme l'a écrite"), {"fields": [
                "need", "project_summary", "expected_results", "timeline", "data_governance", "sustainability",
                "network_scope",
            ]}),
            (_("Journal d'audit"), {"fields": ["audit_trail"]}),
        ]
        if self.change_sections:
            fieldsets.append((_("Comité de sélection"), {"fields": ["contributed_sections"]}))
        return fieldsets

    # --- contributions of later apps -----------------------------------------------------------

    @classmethod
    def contribute_action(cls, action):
        """Add a bulk action (a function decorated with @admin.action) from a later app."""
        cls.actions = [*cls.actions, action]

    @classmethod
    def contribute_section(cls, render):
        """Add a section to the change page: `render(application)` returns HTML or ""."""
        cls.change_sections = [*cls.change_sections, render]

    # --- permissions: the page reads, services write -------------------------------------------

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The page of one application is read-only (its form belongs to the organisme); staff
        # act through the actions and the decision form, which check the model permission.
        return obj is None and super().has_change_permission(request)

    # --- list columns ---------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("numéro"), ordering="number")
    def number_or_draft(self, application):
        return application.number or _("(brouillon)")

    @admin.display(description=gettext_lazy("organisme"), ordering="organisme__legal_name")
    def organisme_name(self, application):
        return application.organisme.legal_name

    @admin.display(description=gettext_lazy("région"), ordering="organisme__region__code")
    def region(self, application):
        return application.organisme.region

    # --- change page sections ------------------------------------------------------------------

    @admin.display(description=gettext_lazy("organisme"))
    def organisme_link(self, application):
        url = reverse("admin:organismes_organisme_change", args=[application.organisme_id])
        return format_html('<a href="{}">{} (NEQ {})</a>', url, application.organisme.legal_name, application.organisme.neq)

    @admin.display(description=gettext_lazy("admissibilité aujourd'hui"))
    def eligibility_now(self, application):
        if application.pk is None:
            return "—"
        answer = eligibility(application.organisme, application.tier, ignore_application=application)
        lines = [(answer.summary,)] + [(reason.message,) for reason in answer.reasons[1:]]
        return format_html_join("", "<p>{}</p>", lines)

    @admin.display(description=gettext_lazy("événements"))
    def audit_trail(self, application):
        return audit_trail_html(application)

    @admin.display(description=gettext_lazy("évaluation"))
    def contributed_sections(self, application):
        return mark_safe("".join(str(render(application)) for render in self.change_sections))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        context = {**(extra_context or {})}
        if application.status in DECIDABLE and request.user.has_perm(decisions.DECIDE_PERMISSION):
            context["decision_form"] = DecisionForm(initial={"amount": application.amount_requested})
            context["decision_url"] = reverse("admin:applications_application_decide", args=[application.pk])
        return super().change_view(request, object_id, form_url, context)

    # --- URLs -----------------------------------------------------------------------------------

    def get_urls(self):
        return [
            path("tableau-de-bord/", self.admin_site.admin_view(self.dashboard_view), name="program_dashboard"),
            path("tableau-de-bord/pdf/", self.admin_site.admin_view(self.dashboard_pdf_view), name="program_dashboard_pdf"),
            path("<int:pk>/decision/", self.admin_site.admin_view(self.decide_view), name="applications_application_decide"),
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

    def decide_view(self, request, pk):
        if request.method != "POST" or not super().has_change_permission(request):
            raise PermissionDenied
        application = self.get_object(request, str(pk))
        form = DecisionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("admin:applications_application_change", application.pk)
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
        try:
            if decision == "award":
                decisions.award_application(actor=request.user, application=application, amount=form.cleaned_data["amount"])
                messages.success(request, _("Bourse accordée ; l'organisme reçoit la lettre d'octroi par courriel."))
            elif decision == "decline":
                decisions.decline_application(actor=request.user, application=application, reason=reason)
                messages.success(request, _("Demande refusée ; l'organisme est avisé avec le motif."))
            else:
                decisions.waitlist_application(actor=request.user, application=application, note=reason)
                messages.success(request, _("Demande placée sur la liste d'attente ; l'organisme est avisé."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        return redirect("admin:applications_application_change", application.pk)

    # --- program dashboard ----------------------------------------------------------------------

    def _dashboard_context(self, request):
        dashboard = cached_program_dashboard(request.user)
        return {"dashboard": dashboard, "charts": dashboard_charts(dashboard)}

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":  # « Recalculer »
            cached_program_dashboard(request.user, refresh=True)
            return redirect("admin:program_dashboard")
        context = {
            **self.admin_site.each_context(request),
            **self._dashboard_context(request),
            "title": _("Tableau de bord du programme"),
        }
        return TemplateResponse(request, "admin/program_dashboard.html", context)

    def dashboard_pdf_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        pdf = render_pdf("pdf/program_dashboard.html", self._dashboard_context(request), language=request.LANGUAGE_CODE)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="tableau-de-bord-dataide.pdf"'
        return response

    # --- bulk actions ---------------------------------------------------------------------------

    def _action_form_page(self, request, queryset, *, action: str, title: str, help_text: str, label: str,
                          required: bool, initial: str = ""):
        """The intermediate page of an action that needs a text; None once the text is given."""
        if "confirmer" in request.POST:
            form = ActionMessageForm(request.POST)
            if form.is_valid() and (form.cleaned_data["text"].strip() or not required):
                return None
            if form.is_valid():
                form.add_error("text", _("Ce champ est obligatoire."))
        else:
            form = ActionMessageForm(initial={"text": initial})
        form.fields["text"].label = label
        return TemplateResponse(request, "admin/dataide/action_form.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "help_text": help_text,
            "form": form,
            "action": action,
            "queryset": queryset.select_related("organisme"),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })

    def _apply(self, request, queryset, act, success_message) -> None:
        done = 0
        for application in queryset.select_related("organisme"):
            try:
                act(application)
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, f"{application} : {text}")
            else:
                done += 1
        if done:
            messages.success(request, success_message(done))

    def _screen(self, request, queryset, *, eligible: bool):
        action = "screen_eligible" if eligible else "screen_ineligible"
        page = self._action_form_page(
            request, queryset, action=action,
            title=_("Déclarer admissibles") if eligible else _("Déclarer non admissibles"),
            help_text=_("Les demandes passent à « Admissible » et pourront être assignées à un comité de leur région.")
            if eligible else _("Les demandes passent à « Non admissible » ; chaque organisme reçoit le motif par courriel."),
            label=_("Note (facultative)") if eligible else _("Motif communiqué aux organismes"),
            required=not eligible,
        )
        if page is not None:
            return page
        reason = request.POST.get("text", "")
        self._apply(
            request, queryset,
            lambda application: services.screen_application(
                actor=request.user, application=application, eligible=eligible, reason=reason
            ),
            lambda count: ngettext("%(count)s demande vérifiée.", "%(count)s demandes vérifiées.", count) % {"count": count},
        )
        return None

    @admin.action(description=gettext_lazy("Déclarer admissibles"), permissions=["change"])
    def screen_eligible(self, request, queryset):
        return self._screen(request, queryset, eligible=True)

    @admin.action(description=gettext_lazy("Déclarer non admissibles (avec motif)"), permissions=["change"])
    def screen_ineligible(self, request, queryset):
        return self._screen(request, queryset, eligible=False)

    @admin.action(description=gettext_lazy("Envoyer un rappel aux organismes"), permissions=["change"])
    def send_reminder(self, request, queryset):
        page = self._action_form_page(
            request, queryset, action="send_reminder", title=_("Envoyer un rappel"),
            help_text=_("Chaque membre des organismes reçoit ce message par courriel, dans la langue de l'organisme."),
            label=_("Message"), required=True,
        )
        if page is not None:
            return page
        text = request.POST.get("text", "")
        self._apply(
            request, queryset,
            lambda application: reminders.send_reminder(actor=request.user, application=application, message=text),
            lambda count: ngettext("Rappel envoyé pour %(count)s demande.", "Rappel envoyé pour %(count)s demandes.", count)
            % {"count": count},
        )
        return None


# --- The organisme's page shows its applications and awards ---------------------------------------


class OrganismeApplicationInline(ReadOnlyInline):
    model = Application
    fields = readonly_fields = ["link", "tier", "status", money_column(Application, "amount_requested"), "submitted_at"]
    verbose_name_plural = gettext_lazy("demandes")

    @admin.display(description=gettext_lazy("demande"))
    def link(self, application):
        url = reverse("admin:applications_application_change", args=[application.pk])
        return format_html('<a href="{}">{}</a>', url, application.number or _("(brouillon)"))


class OrganismeAwardInline(OrganismeApplicationInline):
    fields = readonly_fields = ["link", "tier", "status", money_column(Application, "amount_awarded"), "decided_at"]
    verbose_name_plural = gettext_lazy("bourses accordées")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status__in=AWARDED_STATUSES)


OrganismeAdmin.contribute_inline(OrganismeApplicationInline)
OrganismeAdmin.contribute_inline(OrganismeAwardInline)
