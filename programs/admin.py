"""The program's configuration in the admin. The forms validate; the services save, check the
actor and record old and new values (programs.services). Published criteria are read-only: a
change is a new version, created by an action, edited as a draft, then published."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dataide.admin_helpers import money_column
from dataide.formatting import format_money

from . import services
from .models import (
    CentraideOffice,
    CriteriaSet,
    Criterion,
    CriterionLevel,
    GrantTier,
    Program,
    Region,
    YearShare,
)


def _report(model_admin, request, done: int, errors: list[ValidationError], message: str):
    """An action's outcome: how many succeeded, and the reason of each refusal, in French."""
    if done:
        model_admin.message_user(request, message % {"count": done}, messages.SUCCESS)
    for error in errors:
        for text in error.messages:
            model_admin.message_user(request, text, messages.ERROR)


def _new_criteria_drafts(model_admin, request, tiers):
    done, errors = 0, []
    for tier in tiers:
        try:
            services.create_criteria_draft(actor=request.user, tier=tier)
            done += 1
        except ValidationError as error:
            errors.append(error)
    _report(model_admin, request, done, errors, ngettext(
        "%(count)d brouillon créé : modifiez-le, puis publiez-le.",
        "%(count)d brouillons créés : modifiez-les, puis publiez-les.", done,
    ))


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(CentraideOffice)
class CentraideOfficeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["regions", "staff"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.save_centraide_office(
            actor=request.user, office=obj, fields=form.changed_data,
            regions=form.cleaned_data["regions"], staff=form.cleaned_data["staff"],
        )

    def save_related(self, request, form, formsets, change):
        pass  # the regions and staff were saved by the service, with the office


class GrantTierInline(admin.TabularInline):
    """The program's tiers at a glance; each is changed on its own page, through the service."""

    model = GrantTier
    fields = readonly_fields = [
        "code", "name_fr", "max_amount", "quota", "budget_envelope", "window_opens_on", "window_closes_on",
    ]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name_fr", money_column(Program, "budget"), "starts_on", "ends_on", "reach_target"]
    inlines = [GrantTierInline]

    def save_model(self, request, obj, form, change):
        services.save_program(actor=request.user, program=obj, fields=form.changed_data)


class GrantTierForm(forms.ModelForm):
    class Meta:
        model = GrantTier
        fields = [
            "program", "code", "number_prefix", "name_fr", "name_en", "description_fr", "description_en",
            "max_amount", "quota", "budget_envelope", "gate", "window_opens_on", "window_closes_on", "position",
        ]

    def _post_clean(self):
        super()._post_clean()
        # The service's rules (quota and envelope above what is awarded…), beside their fields.
        try:
            services.check_tier(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(GrantTier)
class GrantTierAdmin(admin.ModelAdmin):
    form = GrantTierForm
    readonly_fields = ["year_shares"]
    list_display = [
        "name_fr", "code", money_column(GrantTier, "max_amount"), "quota", money_column(GrantTier, "budget_envelope"),
        "window_opens_on", "window_closes_on",
    ]
    list_filter = ["program"]
    actions = ["new_criteria_version"]

    def save_model(self, request, obj, form, change):
        services.save_tier(actor=request.user, tier=obj, fields=form.changed_data)

    @admin.display(description=_("parts annuelles"))
    def year_shares(self, obj):
        """The shares are edited on their own page (« Parts annuelles »), through their service."""
        shares = list(obj.year_shares.all()) if obj.pk else []
        if not shares:
            return _("Aucune : chaque année peut accorder tout le quota.")
        return " ; ".join(
            _("année %(year)s : %(places)s bourses, %(envelope)s")
            % {"year": share.year, "places": share.places, "envelope": format_money(share.envelope)}
            for share in shares
        )

    @admin.action(description=_("Créer une nouvelle version des critères (brouillon)"))
    def new_criteria_version(self, request, queryset):
        _new_criteria_drafts(self, request, queryset)


class YearShareForm(forms.ModelForm):
    class Meta:
        model = YearShare
        fields = ["tier", "year", "places", "envelope"]

    def _post_clean(self):
        super()._post_clean()
        # The service's rules (within the quota, above the year's awards), beside their fields.
        try:
            services.check_year_share(self.instance)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(YearShare)
class YearShareAdmin(admin.ModelAdmin):
    """A share is one tier's one year: to move it, delete it and add another."""

    form = YearShareForm
    list_display = ["tier", "year", "places", money_column(YearShare, "envelope")]
    list_filter = ["tier"]
    list_select_related = ["tier"]

    def get_readonly_fields(self, request, obj=None):
        return ["tier", "year"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        services.save_year_share(actor=request.user, share=obj, fields=form.changed_data)

    def delete_model(self, request, obj):
        services.delete_year_share(actor=request.user, share=obj)

    def delete_queryset(self, request, queryset):
        for share in queryset:
            services.delete_year_share(actor=request.user, share=share)


class FrozenWhenPublishedMixin:
    """Admins and inlines of criteria: read-only once their set is published."""

    def criteria_set_of(self, obj):
        return obj.criteria_set

    def is_frozen(self, obj) -> bool:
        criteria_set = self.criteria_set_of(obj) if obj is not None else None
        return bool(criteria_set and criteria_set.published_at)

    def has_change_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_delete_permission(request, obj)


class FrozenInlineMixin(FrozenWhenPublishedMixin):
    """For inlines `obj` is the parent being edited."""

    def has_add_permission(self, request, obj=None):
        return not self.is_frozen(obj) and super().has_add_permission(request, obj)


class CriterionLevelInline(FrozenInlineMixin, admin.TabularInline):
    model = CriterionLevel
    extra = 0
    max_num = 6


class CriteriaChangeMixin(FrozenWhenPublishedMixin):
    """Edits of a draft are recorded by the service, in the admin's transaction; a published set
    reaches here only if someone bypassed the read-only page, and the service refuses it."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.criteria_changed(actor=request.user, criteria_set=self.criteria_set_of(form.instance))


@admin.register(Criterion)
class CriterionAdmin(CriteriaChangeMixin, admin.ModelAdmin):
    list_display = ["label_fr", "criteria_set", "weight", "position"]
    list_filter = ["criteria_set__tier"]
    list_select_related = ["criteria_set__tier"]
    inlines = [CriterionLevelInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "criteria_set":
            kwargs["queryset"] = CriteriaSet.objects.filter(published_at__isnull=True).select_related("tier")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CriterionInline(FrozenInlineMixin, admin.TabularInline):
    model = Criterion
    fields = ["position", "label_fr", "label_en", "description_fr", "weight"]
    extra = 0
    show_change_link = True

    def criteria_set_of(self, obj):
        return obj


@admin.register(CriteriaSet)
class CriteriaSetAdmin(CriteriaChangeMixin, admin.ModelAdmin):
    list_display = ["tier", "version", "published_at"]
    list_filter = ["tier"]
    list_select_related = ["tier"]
    readonly_fields = ["tier", "version", "published_at"]
    inlines = [CriterionInline]
    actions = ["new_version", "publish"]

    def criteria_set_of(self, obj):
        return obj

    def has_add_permission(self, request):
        return False  # a version starts as a copy of the current one: the « new version » action

    @admin.action(description=_("Créer une nouvelle version (copie de la version publiée)"))
    def new_version(self, request, queryset):
        _new_criteria_drafts(self, request, GrantTier.objects.filter(criteria_sets__in=queryset).distinct())

    @admin.action(description=_("Publier les grilles sélectionnées"))
    def publish(self, request, queryset):
        done, errors = 0, []
        for criteria_set in queryset.filter(published_at__isnull=True):
            try:
                services.publish_criteria_set(actor=request.user, criteria_set=criteria_set)
                done += 1
            except ValidationError as error:
                errors.append(error)
        _report(self, request, done, errors, ngettext(
            "%(count)d grille publiée.", "%(count)d grilles publiées.", done
        ))
