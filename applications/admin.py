"""The DATAide team's main tool: the applications list (filters, search, bulk actions, CSV), the
application page (read-only as the organisme wrote it, its history, trail, messages, the
committee's scorecards and the decision form) and the program dashboard.

This module registers and wires; the filters are in admin_filters, the actions' forms in
admin_forms (the decision form, shared with the committee results page, in decision_forms) and
the workflow views in admin_views. Every change goes through a service (screening, reminders,
decisions). Later apps add what they own without this app importing them: committees contributes
its « assign » action, its committee filter and its scorecards section through
`ApplicationAdmin.contribute_action` / `contribute_list_filter` / `contribute_section`."""

import functools
import re

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.db.models import Q
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext as gettext_django  # Django's own string, from its catalogue

from dataide.admin_exports import CsvExportAdminMixin
from dataide.admin_helpers import CompiledRelatedFieldListFilter, ReadOnlyInline, money_column, row_values
from dataide.audit.admin import audit_trail_html
from dataide.audit.rendering import describe_status_change
from dataide.formatting import escape
from dataide.outbox.admin import MessagesInline
from organismes.admin import OrganismeAdmin
from organismes.search import search_organismes
from programs.admin_scoping import RegionListFilter, RegionScopedAdminMixin, staff_region_ids

from . import admin_rows, admin_summary, admin_views
from .admin_filters import AmountRangeFilter, ProgramYearFilter, StatusGroupFilter
from .eligibility import eligibility
from .exports import APPLICATION_COLUMNS
from .models import (
    AWARDED_STATUSES,
    Application,
    Attachment,
    BudgetLine,
    DecisionReview,
    PartnerOrganisme,
    StatusChange,
    draft_name,
)
from .selectors import counted

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
    fields = readonly_fields = ["step", "message", "internal_note"]
    verbose_name_plural = gettext_lazy("historique des statuts")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=gettext_lazy("étape"))
    def step(self, change):
        return describe_status_change(change.to_status, actor=change.actor, when=change.created_at)


# --- The admin ------------------------------------------------------------------------------------

_PK = "__pk__"


class ApplicationChangeList(ChangeList):
    """Row links from one reversed URL with the list's filters already in them. Django's own
    links reverse each row's URL and, on a filtered list, resolve it again to merge the filters
    (add_preserved_filters): 50 reverses and 50 resolves per page. Emptied here, the
    `preserved_filters` Django merges per row leave the finished link as it is."""

    def __init__(self, *args, **kwargs):
        self._pairs, self._filter_pairs = {}, None
        super().__init__(*args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""
        self.change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=(_PK,),
            current_app=self.model_admin.admin_site.name,
        )

    def get_query_string(self, new_params=None, remove=None):
        """Django's address of a filter's choice, each (name, values) pair encoded once per page:
        Django encodes every active filter again for each of the ~50 choices of the filters
        (urlencode, then quote_plus per value), a tenth of a filtered list. The pairs are chosen
        as in Django's own method, from the list's filters (set once, from the request, when the
        list is made); tests/staff/test_application_rows.py checks the addresses."""
        if self._filter_pairs is None:
            self._filter_pairs = {name: self._encoded_pair(name, value) for name, value in self.filter_params.items()}
        pairs = self._filter_pairs
        if remove:
            prefixes = tuple(remove)
            pairs = {name: pair for name, pair in pairs.items() if not name.startswith(prefixes)}
        if new_params:
            pairs = dict(pairs)
            for name, value in new_params.items():
                if value is None:
                    pairs.pop(name, None)
                else:
                    pairs[name] = self._encoded_pair(name, value)
        return "?" + "&".join([pairs[name] for name in sorted(pairs) if pairs[name]])

    def _encoded_pair(self, name, value) -> str:
        key = (name, tuple(value) if isinstance(value, list) else value)
        try:
            return self._pairs[key]
        except KeyError:
            pair = self._pairs[key] = _urlencoded_pair(name, value)
            return pair
        except TypeError:  # a value that cannot be a key: encoded as Django does, every time
            return urlencode([(name, value)], doseq=True)

    def get_results(self, request):
        """The page's rows as value tuples when every column can be printed from them
        (admin_rows.value_lookups): the list's printer and Django's selection counter read them
        in one query, without building 50 applications with their organisme, region and tier."""
        super().get_results(request)
        self.row_lookups = admin_rows.value_lookups(self)
        if self.row_lookups:
            self.result_list = list(self.result_list.values_list(*self.row_lookups, named=True))

    def url_for_result(self, result):
        url = self.change_url.replace(_PK, str(quote(getattr(result, self.pk_attname))))
        return f"{url}?{self.row_filters}" if self.row_filters else url



# What quote_plus leaves as it is: a name and value made of these are written unchanged.
_UNQUOTED = re.compile(r"[A-Za-z0-9_.~-]*")


def _urlencoded_pair(name, value) -> str:
    """`urlencode([(name, value)], doseq=True)`: a filter's name and its one id or code (most of
    a list's ~50 choices) are written as they are, without urlencode's 30 calls; anything else
    goes through it."""
    if type(name) is str and type(value) in (str, int):
        text = str(value)
        if _UNQUOTED.fullmatch(name) and _UNQUOTED.fullmatch(text):
            return f"{name}={text}"
    return urlencode([(name, value)], doseq=True)


@functools.lru_cache(maxsize=8)
def _checkbox_label(language: str | None) -> str:
    """Django's label of a row's checkbox in `language` (the active one): translated once."""
    return gettext_django("Select this object for an action - {}")


def _checkbox(label: str, pk, number, tier, organisme_name) -> str:
    """A row's checkbox (ApplicationAdmin.action_checkbox), `label` being Django's, translated."""
    name = number or draft_name(tier, organisme_name)
    # dataide.formatting.escape writes what Django's escape writes, without its lazy-argument
    # wrapper, and leaves a text with nothing to replace as it is (an integer's digits need none).
    value = str(pk) if type(pk) is int else escape(str(pk))
    # SafeString rather than mark_safe: the same string, without the lazy-argument wrapper per row.
    return SafeString(
        f'<input type="checkbox" name="{ACTION_CHECKBOX_NAME}" value="{value}"'
        f' class="action-select" aria-label="{label.format(escape(name))}">'
    )


@admin.register(Application)
class ApplicationAdmin(RegionScopedAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    region_lookup = "region"
    list_display = [
        "number_or_draft", "organisme_name", "region", "tier", "status",
        money_column(Application, "amount_requested"), money_column(Application, "amount_awarded"), "submitted_at",
    ]
    # Later apps add theirs (committees: its committee filter) through contribute_list_filter.
    list_filter = [
        ("tier", CompiledRelatedFieldListFilter), "status", StatusGroupFilter, ("region", RegionListFilter),
        ProgramYearFilter, AmountRangeFilter,
    ]
    # Shows the search box; get_search_results (organismes.search) does the finding.
    search_fields = ["number", "organisme__legal_name", "organisme__neq", "organisme__memberships__user__email"]
    search_help_text = gettext_lazy(
        "Numéro de demande, nom de l'organisme (accents et fautes de frappe tolérés), NEQ ou courriel d'un membre."
    )
    list_select_related = ["organisme", "region", "tier"]
    list_per_page = 50
    # What a page's address may hold and still list every application of the person's scope.
    UNFILTERED_PARAMETERS = frozenset({"p", "o"})
    # A filtered list says « 50 résultats » without a second count of all 50 000 applications.
    show_full_result_count = False
    actions = ["screen_eligible", "screen_ineligible", "request_information", "send_reminder", "export_selection"]
    export_columns = APPLICATION_COLUMNS
    export_prefix = "demandes"
    # The export's list, its rows printed by admin_rows.
    change_list_template = "admin/applications/application/change_list.html"
    change_sections: list = []
    summary_contributions: list = []
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

    def get_search_results(self, request, queryset, search_term):
        number = Q(number__icontains=" ".join(search_term.split())) if search_term.strip() else None
        return search_organismes(queryset, search_term, prefix="organisme__", also=number), False

    # --- contributions of later apps -----------------------------------------------------------

    @classmethod
    def contribute_action(cls, action):
        """Add a bulk action (a function decorated with @admin.action) from a later app."""
        cls.actions = [*cls.actions, action]

    @classmethod
    def contribute_list_filter(cls, list_filter):
        """Add a filter of the applications list (an entry of `list_filter`) from a later app."""
        cls.list_filter = [*cls.list_filter, list_filter]

    @classmethod
    def contribute_summary(cls, render):
        """Add lines to the page's summary: `render(application)` returns admin_summary.SummaryItems."""
        cls.summary_contributions = [*cls.summary_contributions, render]

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

    def get_actions(self, request):
        """Django asks a list for its actions three times (the checkbox column, the action form and
        its choices), each time checking every action's permissions again: once per request here."""
        known = request.__dict__.setdefault("_admin_actions", {})
        if self not in known:
            known[self] = super().get_actions(request)
        return known[self]

    # --- list columns ---------------------------------------------------------------------------

    def _checkboxes_of_page(self):
        """action_checkbox for the rows of one page: its label translated once."""
        return functools.partial(_checkbox, _checkbox_label(get_language()))

    @row_values("pk", "number", "tier", "organisme__legal_name", per_page=_checkboxes_of_page)
    def action_checkbox(self, pk, number, tier, organisme_name):
        """Django's checkbox of each row, rendered as Django renders it, written here with str
        methods: Django goes through the form widgets' templates for each of the 50 rows (a fifth
        of the list's rendering), and format_html's escaping costs as much again. Its label is
        str(application) (Organisme.__str__ is its legal name), from the row's values."""
        return _checkbox(_checkbox_label(get_language()), pk, number, tier, organisme_name)

    @admin.display(description=gettext_lazy("numéro"), ordering="number")
    @row_values("number")
    def number_or_draft(self, number):
        return number or _("(brouillon)")

    @admin.display(description=gettext_lazy("organisme"), ordering="organisme__legal_name")
    @row_values("organisme__legal_name")
    def organisme_name(self, legal_name):
        return legal_name

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

    def get_object(self, request, object_id, from_field=None):
        # The page reads its application once: the summary, the sections contributed by later
        # apps and the form then share one instance (and what the contributions keep on it).
        cached = request.__dict__.get("_application_page")
        if cached is not None and from_field is None and str(cached.pk) == str(object_id):
            return cached
        application = super().get_object(request, object_id, from_field)
        request._application_page = application
        return application

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Django's paginator; on the unfiltered list (every application of the person's regions:
        get_queryset), its count from the cache (selectors.counted)."""
        paginator = super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        if set(request.GET) <= self.UNFILTERED_PARAMETERS and not getattr(request, "_queue_only", False):
            # Paginator.count is a cached_property: set, it is kept.
            paginator.count = counted(queryset, staff_region_ids(request.user))
        return paginator

    def get_changelist(self, request, **kwargs):
        if getattr(request, "_queue_only", False):  # the queue around one application (admin_summary)
            return admin_summary.QueueChangeList
        return ApplicationChangeList

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if context.get("action_form") is not None:
            context["action_form"] = admin_rows.printed_action_form(context["action_form"])
        if context.get("media") is not None:
            context["media"] = admin_rows.printed_media(context["media"])
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        application = self.get_object(request, object_id)
        context = {
            **(extra_context or {}),
            **admin_views.decision_context(request, application),
            "summary": admin_summary.summary_items(application, self.summary_contributions),
            "queue": admin_summary.queue_position(self, request, application),
            "documents_zip_url": reverse("admin:applications_application_documents_zip", args=[application.pk])
            if application.attachments.exists() else "",
        }
        return super().change_view(request, object_id, form_url, context)

    # --- URLs -----------------------------------------------------------------------------------

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(lambda request, **kwargs: function(self, request, **kwargs))

        return [
            path("tableau-de-bord/", view(admin_views.dashboard_view), name="program_dashboard"),
            path("tableau-de-bord/pdf/", view(admin_views.dashboard_pdf_view), name="program_dashboard_pdf"),
            path("tableau-de-bord/<slug:page>/", view(admin_views.dashboard_view), name="program_dashboard_page"),
            path("<int:pk>/decision/", view(admin_views.decide_view), name="applications_application_decide"),
            path("<int:pk>/documents.zip", view(admin_views.documents_zip_view), name="applications_application_documents_zip"),
            path(
                "<int:application_pk>/documents/<int:pk>/",
                view(admin_views.attachment_view),
                name="applications_application_attachment",
            ),
            *super().get_urls(),
        ]

    # --- bulk actions (their pages are in admin_views) --------------------------------------------

    @admin.action(description=gettext_lazy("Déclarer admissibles"), permissions=["change"])
    def screen_eligible(self, request, queryset):
        return admin_views.screen(self, request, queryset, eligible=True)

    @admin.action(description=gettext_lazy("Déclarer non admissibles (avec motif)"), permissions=["change"])
    def screen_ineligible(self, request, queryset):
        return admin_views.screen(self, request, queryset, eligible=False)

    @admin.action(description=gettext_lazy("Demander un complément d'information"), permissions=["change"])
    def request_information(self, request, queryset):
        return admin_views.request_information(self, request, queryset)

    @admin.action(description=gettext_lazy("Envoyer un rappel aux organismes"), permissions=["change"])
    def send_reminder(self, request, queryset):
        return admin_views.send_reminder(self, request, queryset)


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


# The conversation section registers itself on ApplicationAdmin when imported.
from .conversation import admin as _conversation_admin  # noqa: E402,F401


@admin.register(DecisionReview)
class DecisionReviewAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """The demandes de révision, read-only: staff answer on the review's own page (the service
    checks who may), linked from each row."""

    region_lookup = "application__region"
    list_display = ("application", "requested_at", "outcome", "handled_by", "answer_page")
    list_filter = ("outcome",)
    list_select_related = ("application", "handled_by")
    search_fields = ("application__number", "application__organisme__legal_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Traiter"))
    def answer_page(self, review):
        return format_html('<a href="{}">{}</a>', reverse("committees:decision_review", args=[review.pk]), _("Ouvrir"))
