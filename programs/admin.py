from django.contrib import admin

from .models import CentraideOffice, CriteriaSet, Criterion, CriterionLevel, GrantTier, Program, Region


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
    list_display = ["name_fr", "budget", "starts_on", "ends_on", "reach_target"]
    inlines = [GrantTierInline]


@admin.register(GrantTier)
class GrantTierAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "code", "max_amount", "quota", "budget_envelope", "window_opens_on", "window_closes_on"]
    list_filter = ["program"]


class CriterionLevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0
    max_num = 6


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
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
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["tier", "version", "published_at"]
    list_filter = ["tier"]
    list_select_related = ["tier"]
    inlines = [CriterionInline]
