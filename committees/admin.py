from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .forms import AssignForm
from .models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Scorecard,
    Seat,
)


class SeatFormSet(BaseInlineFormSet):
    """A committee cannot be saved with seats that break a rule; the admin says which one."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seats = [
            services.SeatSpec(form.cleaned_data["kind"], form.cleaned_data["user"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        region = self.instance.region if self.instance.region_id else None
        errors = services.seat_rule_errors(region=region, seats=seats)
        if errors:
            raise ValidationError(errors)


class SeatInline(admin.TabularInline):
    model = Seat
    formset = SeatFormSet
    extra = 4
    max_num = 4
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "scoring_deadline", "quorum", "assignment_count", "results_link"]
    list_filter = ["region", "tiers"]
    search_fields = ["name"]
    filter_horizontal = ["tiers"]
    inlines = [SeatInline]
    actions = ["assign_applications"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").annotate(assignment_total=Count("assignments"))

    @admin.display(description=gettext_lazy("demandes"), ordering="assignment_total")
    def assignment_count(self, committee):
        return committee.assignment_total

    @admin.display(description=gettext_lazy("résultats"))
    def results_link(self, committee):
        return format_html('<a href="{}">{}</a>', reverse("committees:results", args=[committee.pk]), _("Résultats"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.seats_saved(actor=request.user, committee=form.instance)

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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the committee pages' services; the admin shows them, never edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "committee", "application_status", "assigned_at", "assigned_by"]
    list_filter = ["committee", "application__tier"]
    search_fields = ["application__number", "application__organisme__legal_name", "committee__name"]
    list_select_related = ["application__organisme", "application__tier", "committee", "assigned_by"]

    @admin.display(description=gettext_lazy("statut"))
    def application_status(self, assignment):
        return assignment.application.get_status_display()


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "member", "has_conflict", "declared_at"]
    list_filter = ["has_conflict", "assignment__committee"]
    list_select_related = ["assignment__application", "assignment__committee", "member"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    fields = ["criterion", "score", "not_applicable", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "member", "status", "recommendation", "submitted_at"]
    list_filter = ["status", "recommendation", "assignment__committee"]
    list_select_related = ["assignment__application", "assignment__committee", "member"]
    inlines = [CriterionScoreInline]
