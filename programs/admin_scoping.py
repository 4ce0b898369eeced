"""Row-level limits of the admin: regional Centraide staff see and act only on the objects of the
regions their offices cover. Implemented once here and declared per admin by the lookup path from
its model to `Region` (programs is first in the dependency chain, so every app may use it)."""

from django.http import Http404

from dataide.accounts.roles import Role
from dataide.admin_helpers import CompiledRelatedFieldListFilter

from .models import Region


def staff_region_ids(user) -> set[int] | None:
    """The regions a staff person is limited to, or None when they see the whole program
    (superusers and the DATAide team). A regional person without an office sees nothing."""
    if user.is_superuser or user.has_role(Role.DATAIDE_TEAM) or not user.has_role(Role.REGIONAL_CENTRAIDE):
        return None
    if not hasattr(user, "_staff_region_ids"):
        user._staff_region_ids = set(Region.objects.filter(offices__staff=user).values_list("pk", flat=True))
    return user._staff_region_ids


def limit_to_regions(queryset, user, region_lookup: str):
    return within_regions(queryset, staff_region_ids(user), region_lookup)


def within_regions(queryset, region_ids: set[int] | None, region_lookup: str):
    """`queryset` limited to `region_ids` (from `staff_region_ids`; None: the whole program)."""
    if region_ids is None:
        return queryset
    return queryset.filter(**{f"{region_lookup}__in": region_ids})


class RegionScopedAdminMixin:
    """For ModelAdmins and inlines. `region_lookup` is the path from the model to its Region
    (e.g. "organisme__region"). Out-of-region objects are missing from every list, action and
    page; their change page answers 404 like a missing object (not the admin's redirect), so an
    id reveals nothing."""

    region_lookup = "region"

    def get_queryset(self, request):
        return limit_to_regions(super().get_queryset(request), request.user, self.region_lookup)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj


class RegionListFilter(CompiledRelatedFieldListFilter):
    """A filter by region (`("region", RegionListFilter)`, `("organisme__region", RegionListFilter)`)
    naming only the regions the person follows: another region's choice could only show an empty
    list. The compiled query's 17 regions, those not followed left out in Python (the person's
    regions were already read for the list's scoping): no query more, and the team's choices are
    the rows they were. Following one region leaves one choice, and the admin shows no filter of
    a single choice (RelatedFieldListFilter.has_output): there is nothing to choose. A forced
    `?region__id__exact=` then goes with the hidden filter; get_queryset still limits the rows."""

    def field_choices(self, field, request, model_admin):
        choices = super().field_choices(field, request, model_admin)
        region_ids = staff_region_ids(request.user)
        if region_ids is None:
            return choices
        return [choice for choice in choices if choice[0] in region_ids]
