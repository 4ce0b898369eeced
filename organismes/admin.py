"""Everything about one organisme on one page: its team, join requests, invitations, messages and
audit trail here; trainings and applications add their own sections through
`OrganismeAdmin.contribute_inline`, so this app never imports them. The page is read-only: the
organisme's data changes through its own pages and services."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from dataide.admin_exports import CsvExportAdminMixin
from dataide.admin_helpers import ReadOnlyInline
from dataide.audit.admin import audit_trail_html
from dataide.outbox.admin import AddressedMessagesInline, OutboxMessageAdmin
from programs.admin_scoping import RegionListFilter, RegionScopedAdminMixin, staff_region_ids

from .exports import ORGANISME_COLUMNS
from .models import Invitation, JoinRequest, Membership, Organisme
from .search import search_organismes


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = readonly_fields = ["user", "role", "created_at"]


class JoinRequestInline(ReadOnlyInline):
    model = JoinRequest
    fields = readonly_fields = ["user", "status", "message", "created_at", "decided_at"]


class InvitationInline(ReadOnlyInline):
    model = Invitation
    # The token is a secret: it never appears in the admin.
    fields = readonly_fields = ["email", "role", "status", "invited_by", "created_at", "accepted_at"]


@admin.register(Organisme)
class OrganismeAdmin(RegionScopedAdminMixin, CsvExportAdminMixin, admin.ModelAdmin):
    list_display = ["legal_name", "neq", "region", "city", "created_at"]
    list_filter = [("region", RegionListFilter), "preferred_language"]
    # Shows the search box; get_search_results (organismes.search) does the finding.
    search_fields = ["legal_name", "neq", "memberships__user__email"]
    search_help_text = _("Nom de l'organisme (accents et fautes de frappe tolérés), NEQ ou courriel d'un membre.")
    list_select_related = ["region"]
    export_columns = ORGANISME_COLUMNS
    export_prefix = "organismes"
    readonly_fields = ["audit_trail"]
    inlines = [MembershipInline, JoinRequestInline, InvitationInline, AddressedMessagesInline]
    contributed_inlines: list = []

    @classmethod
    def contribute_inline(cls, inline):
        """Add a section (an inline) from a later app: trainings, applications."""
        cls.contributed_inlines = [*cls.contributed_inlines, inline]

    def get_search_results(self, request, queryset, search_term):
        return search_organismes(queryset, search_term), False

    def get_inlines(self, request, obj):
        return [*self.inlines, *self.contributed_inlines]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "audit_trail"]
        return [*fields, "audit_trail"] if obj is not None else fields

    def has_change_permission(self, request, obj=None):
        # Read-only page; list actions (export) still need the model permission.
        return obj is None and super().has_change_permission(request)

    @admin.display(description=_("journal d'audit"))
    def audit_trail(self, organisme):
        return audit_trail_html(organisme)


@admin.register(JoinRequest)
class JoinRequestAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["organisme", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organisme__legal_name", "organisme__neq", "user__email"]
    list_select_related = ["organisme", "user"]
    readonly_fields = ["organisme", "user", "message", "status", "created_at", "decided_at", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    region_lookup = "organisme__region"
    list_display = ["organisme", "email", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["organisme__legal_name", "email"]
    list_select_related = ["organisme"]
    # The token is a secret: it never appears in the admin.
    fields = readonly_fields = ["organisme", "email", "role", "status", "invited_by", "created_at", "accepted_at"]


def _messages_of_staff_regions(queryset, user):
    """Regional staff read the messages sent to the organismes of their regions, nothing else."""
    region_ids = staff_region_ids(user)
    if region_ids is None:
        return queryset
    return queryset.filter(
        addressee_type=ContentType.objects.get_for_model(Organisme),
        addressee_id__in=Organisme.objects.filter(region__in=region_ids).values("pk"),
    )


OutboxMessageAdmin.queryset_limiters.append(_messages_of_staff_regions)
