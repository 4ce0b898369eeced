from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.defaultfilters import floatformat
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from applications.admin import ApplicationAdmin
from applications.admin_summary import SummaryItem
from dataide.compiled import CompiledQuery
from programs.admin_scoping import (
    RegionListFilter,
    RegionScopedAdminMixin,
    limit_to_regions,
    staff_region_ids,
    within_regions,
)

from . import selectors, services
from .forms import AssignForm, WithdrawConflictForm
from .models import (
    Alternate,
    AlternateCall,
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Scorecard,
    Seat,
)


class SeatFormSet(BaseInlineFormSet):
    """A committee cannot be saved with seats that break a rule; the admin says which one. The
    seats are saved by services.save_committee, not by the formset."""

    def seat_specs(self) -> list:
        return [
            services.SeatSpec(form.cleaned_data["kind"], form.cleaned_data["user"], form.cleaned_data["organisation"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        region = self.instance.region if self.instance.region_id else None
        errors = services.seat_rule_errors(region=region, seats=self.seat_specs())
        if errors:
            raise ValidationError(errors)


class AlternateFormSet(BaseInlineFormSet):
    """Saved by services.save_alternates (the rules, the audit event), not by the formset."""

    def alternate_specs(self) -> list:
        return [
            services.SeatSpec(form.cleaned_data["kind"], form.cleaned_data["user"], form.cleaned_data["organisation"])
            for form in sorted(
                (form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")),
                key=lambda form: form.cleaned_data.get("position") or 0,
            )
        ]

    def clean(self):
        super().clean()
        if any(self.errors) or not self.instance.region_id:
            return
        errors = services.alternate_rule_errors(committee=self.instance, alternates=self.alternate_specs())
        if errors:
            raise ValidationError(errors)


class AlternateInline(admin.TabularInline):
    model = Alternate
    formset = AlternateFormSet
    fields = ["kind", "user", "organisation", "position"]
    extra = 1
    autocomplete_fields = ["user"]


class SeatInline(admin.TabularInline):
    model = Seat
    formset = SeatFormSet
    extra = 4
    max_num = 4
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "region", "scoring_deadline", "quorum", "assignment_count", "results_link", "calibration_link", "conflicts_link"]
    list_filter = [("region", RegionListFilter), "tiers"]
    search_fields = ["name"]
    filter_horizontal = ["tiers"]
    inlines = [SeatInline, AlternateInline]
    actions = ["assign_applications"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").annotate(assignment_total=Count("assignments"))

    @admin.display(description=gettext_lazy("demandes"), ordering="assignment_total")
    def assignment_count(self, committee):
        return committee.assignment_total

    @admin.display(description=gettext_lazy("résultats"))
    def results_link(self, committee):
        return format_html('<a href="{}">{}</a>', reverse("committees:results", args=[committee.pk]), _("Résultats"))

    @admin.display(description=gettext_lazy("calibration"))
    def calibration_link(self, committee):
        # The page itself refuses staff who sit on the committee (committees.access).
        return format_html('<a href="{}">{}</a>', reverse("committees:calibration", args=[committee.pk]), _("Calibration"))

    @admin.display(description=gettext_lazy("conflits d'intérêts"))
    def conflicts_link(self, committee):
        url = reverse("admin:committees_conflictdeclaration_changelist")
        return format_html(
            '<a href="{}?has_conflict__exact=1&amp;assignment__committee__id__exact={}">{}</a>',
            url, committee.pk, _("Conflits"),
        )

    def save_model(self, request, obj, form, change):
        """Nothing yet: the committee is saved with its tiers and seats, by one service, in
        save_related, once the seats are known."""

    def save_related(self, request, form, formsets, change):
        seats = next(formset for formset in formsets if isinstance(formset, SeatFormSet))
        services.save_committee(
            actor=request.user, committee=form.instance, tiers=form.cleaned_data["tiers"], seats=seats.seat_specs()
        )
        alternates = next(formset for formset in formsets if isinstance(formset, AlternateFormSet))
        services.save_alternates(actor=request.user, committee=form.instance, alternates=alternates.alternate_specs())

    def construct_change_message(self, request, form, formsets, add=False):
        # The formsets saved nothing (the service did, and its audit event lists the seats).
        return super().construct_change_message(request, form, [], add)

    def get_urls(self):
        return [
            path(
                "<int:committee_pk>/assigner/",
                self.admin_site.admin_view(self.assign_view),
                name="committees_committee_assign",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Assigner des demandes au comité"), permissions=["change"])
    def assign_applications(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez un seul comité à la fois."), messages.WARNING)
            return None
        return redirect("admin:committees_committee_assign", queryset.get().pk)

    def assign_view(self, request, committee_pk):
        committee = self.get_object(request, str(committee_pk))
        if committee is None or not self.has_change_permission(request, committee):
            return redirect("admin:committees_committee_changelist")
        form = AssignForm(request.POST if request.method == "POST" else None, queryset=services.assignable_applications(committee))
        if request.method == "POST" and form.is_valid():
            try:
                assigned = services.assign_applications(
                    actor=request.user, committee=committee, applications=form.cleaned_data["applications"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("%(count)s demande(s) assignée(s) au comité %(name)s; ses membres sont avisés.")
                    % {"count": len(assigned), "name": committee},
                    messages.SUCCESS,
                )
                return redirect("admin:committees_committee_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "committee": committee,
            "form": form,
            "title": _("Assigner des demandes à %(name)s") % {"name": committee},
        }
        return TemplateResponse(request, "committees/admin/assign.html", context)


class RegionCommitteeFilter(admin.RelatedFieldListFilter):
    """A committee filter that names only the committees of the regions the person follows:
    another region's committee does not exist for regional staff. Read by SQL compiled once per
    process (per number of regions): Django would compile it on every list."""

    # (pk, name): a committee's text is its name (Committee.__str__), read without building the
    # 25 committees (tests/staff/test_application_list_filters.py compares the two).
    committees = CompiledQuery(
        lambda region_ids: within_regions(Committee.objects.order_by("name", "pk"), region_ids, "region").values_list("pk", "name")
    )

    def field_choices(self, field, request, model_admin):
        return self.committees.run(region_ids=staff_region_ids(request.user))


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the committee pages' services; the admin shows them, never edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_lookup = "committee__region"
    list_display = ["application", "committee", "application_status", "assigned_at", "assigned_by"]
    list_filter = [("committee", RegionCommitteeFilter), "application__tier"]
    search_fields = ["application__number", "application__organisme__legal_name", "committee__name"]
    list_select_related = ["application__organisme", "application__tier", "committee", "assigned_by"]

    @admin.display(description=gettext_lazy("statut"))
    def application_status(self, assignment):
        return assignment.application.get_status_display()


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    """Every conflict of every committee (filter by committee), automatic ones included, with
    who withdrew a declared one and why; the only change is the withdrawal, by a service."""

    region_lookup = "assignment__committee__region"
    list_display = ["assignment", "member", "has_conflict", "reason", "declared_at", "withdrawn_by", "withdrawn_at"]
    list_filter = ["has_conflict", "reason", ("assignment__committee", RegionCommitteeFilter)]
    list_select_related = ["assignment__application", "assignment__committee", "member", "withdrawn_by"]
    actions = ["withdraw"]

    def has_withdraw_permission(self, request):
        return request.user.has_perm(services.CHANGE_PERMISSION)

    @admin.action(description=gettext_lazy("Retirer le conflit d'intérêts déclaré"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choisissez une seule déclaration à la fois."), messages.WARNING)
            return None
        declaration = queryset.select_related("assignment__application", "member").get()
        form = WithdrawConflictForm(request.POST if "confirmer" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                services.withdraw_conflict(actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                for text in error.messages:
                    self.message_user(request, text, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Conflit d'intérêts de %(member)s retiré pour %(application)s.")
                    % {"member": declaration.member, "application": declaration.assignment.application},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(request, "admin/committees/withdraw_conflict.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Retirer un conflit d'intérêts"),
            "form": form,
            "declaration": declaration,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        })


@admin.register(AlternateCall)
class AlternateCallAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    """The alternates the quorum rule called in, application by application."""

    region_lookup = "assignment__committee__region"
    list_display = ["assignment", "alternate", "called_at"]
    list_filter = [("assignment__committee", RegionCommitteeFilter)]
    list_select_related = ["assignment__application", "assignment__committee", "alternate__user"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    fields = ["criterion", "score", "not_applicable", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(RegionScopedAdminMixin, ReadOnlyAdmin):
    region_lookup = "assignment__committee__region"
    list_display = ["assignment", "member", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "recommendation", ("assignment__committee", RegionCommitteeFilter)]
    list_select_related = ["assignment__application", "assignment__committee", "member"]
    inlines = [CriterionScoreInline]


# --- contributions to the applications admin ------------------------------------------------------

class CommitteeChoiceForm(forms.Form):
    committee = forms.ModelChoiceField(label=gettext_lazy("Comité de sélection"), queryset=Committee.objects.none())

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees


@admin.action(description=gettext_lazy("Assigner à un comité de sélection"), permissions=["change"])
def assign_to_committee(modeladmin, request, queryset):
    """Bulk action of the applications list: an intermediate page picks the committee, then
    committees.services.assign_applications checks region, tiers and status (all or none)."""
    if not request.user.has_perm(services.CHANGE_PERMISSION):
        messages.error(request, _("Seule l'équipe DATAide assigne les demandes aux comités."))
        return None
    committees = limit_to_regions(Committee.objects.select_related("region"), request.user, "region")
    form = CommitteeChoiceForm(request.POST if "confirmer" in request.POST else None, committees=committees)
    if form.is_bound and form.is_valid():
        committee = form.cleaned_data["committee"]
        try:
            assigned = services.assign_applications(actor=request.user, committee=committee, applications=list(queryset))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s demande assignée au comité %(name)s ; ses membres sont avisés.",
                    "%(count)s demandes assignées au comité %(name)s ; ses membres sont avisés.",
                    len(assigned),
                ) % {"count": len(assigned), "name": committee},
            )
        return None
    return TemplateResponse(request, "admin/committees/assign_selection.html", {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.opts,
        "title": _("Assigner à un comité de sélection"),
        "form": form,
        "queryset": queryset.select_related("organisme", "region", "tier"),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


def _committee_file(application):
    """The application's assignment and its committee's results, read once per page (the summary
    and the scorecards section both need them; the admin keeps one instance per page)."""
    if "_committee_file" not in application.__dict__:
        assignment = Assignment.objects.filter(application=application).select_related("committee__region").first()
        results = selectors.committee_results(assignment.committee) if assignment else None
        application.__dict__["_committee_file"] = (assignment, results)
    return application.__dict__["_committee_file"]


def committee_summary(application) -> list:
    """The committee and, once scoring is closed (as the results page shows it), the score."""
    assignment, results = _committee_file(application)
    if assignment is None:
        return [SummaryItem(_("Comité"), _("aucun"))]
    items = [SummaryItem(
        _("Comité"), str(assignment.committee), reverse("committees:results", args=[assignment.committee_id]),
    )]
    result = results.results.get(assignment.pk)
    if results.closed and result is not None:
        score = (
            _("%(mean)s / 5 (%(count)s grilles, quorum %(quorum)s)")
            % {"mean": floatformat(result.mean, 2), "count": result.count, "quorum": result.quorum}
            if result.mean is not None else _("aucune grille comptée")
        )
        items.append(SummaryItem(_("Note du comité"), score))
    return items


def scorecards_section(application) -> str:
    """The committee's scorecards on the application's admin page, once scoring has closed (the
    same rule as the results page); conflicted members' cards are left out."""
    assignment, results = _committee_file(application)
    if assignment is None:
        return render_to_string("admin/committees/_scorecards.html", {"assignment": None})
    return render_to_string("admin/committees/_scorecards.html", {
        "assignment": assignment,
        "closed": results.closed,
        "result": results.results.get(assignment.pk),
        "scorecards": selectors.peer_scorecards(assignment, None) if results.closed else [],
    })


ApplicationAdmin.contribute_action(assign_to_committee)
ApplicationAdmin.contribute_list_filter(("committee_assignment__committee", RegionCommitteeFilter))
ApplicationAdmin.contribute_section(scorecards_section)
ApplicationAdmin.contribute_summary(committee_summary)
