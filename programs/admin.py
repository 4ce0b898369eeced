from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dataide.admin_helpers import money_column

from . import services
from .models import (
    CentraideOffice,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    GrantTier,
    Program,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(CentraideOffice)
class CentraideOfficeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["regions", "staff"]
    search_fields = ["name"]


class GrantTierInline(admin.TabularInline):
    model = GrantTier
    fields = ["code", "name_fr", "max_amount", "quota", "budget_envelope", "window_opens_on", "window_closes_on"]
    extra = 0
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name_fr", money_column(Program, "budget"), "starts_on", "ends_on", "reach_target"]
    inlines = [GrantTierInline]


@admin.register(GrantTier)
class GrantTierAdmin(admin.ModelAdmin):
    list_display = [
        "name_fr", "code", money_column(GrantTier, "max_amount"), "quota", money_column(GrantTier, "budget_envelope"),
        "window_opens_on", "window_closes_on",
    ]
    list_filter = ["program"]


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0
    max_num = 6


class CriteriaChangeMixin:
    """Any edit of criteria goes through the service that invalidates and rebuilds the guides."""

    def criteria_set_of(self, obj):
        return obj.criteria_set

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.criteria_changed(actor=request.user, criteria_set=self.criteria_set_of(form.instance))


@admin.register(Criterion)
class CriterionAdmin(CriteriaChangeMixin, admin.ModelAdmin):
    list_display = ["label_fr", "criteria_set", "weight", "position"]
    list_filter = ["criteria_set__tier"]
    list_select_related = ["criteria_set__tier"]
    inlines = [CriterionLevelInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["position", "label_fr", "label_en", "weight"]
    extra = 0
    show_change_link = True


@admin.register(CriteriaSet)
class CriteriaSetAdmin(CriteriaChangeMixin, admin.ModelAdmin):
    list_display = ["tier", "version", "published_at"]
    list_filter = ["tier"]
    list_select_related = ["tier"]
    readonly_fields = ["published_at"]
    inlines = [CriterionInline]
    actions = ["publish"]

    def criteria_set_of(self, obj):
        return obj

    @admin.action(description=_("Publier les grilles sélectionnées"))
    def publish(self, request, queryset):
        for criteria_set in queryset:
            services.publish_criteria_set(actor=request.user, criteria_set=criteria_set)
