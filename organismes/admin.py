from django.contrib import admin

from .models import Invitation, JoinRequest, Membership, Organisme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisme)
class OrganismeAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "neq", "region", "city", "created_at"]
    list_filter = ["region", "preferred_language"]
    search_fields = ["legal_name", "neq", "memberships__user__email"]
    list_select_related = ["region"]
    inlines = [MembershipInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["organisme", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["organisme__legal_name", "organisme__neq", "user__email"]
    list_select_related = ["organisme", "user"]
    readonly_fields = ["organisme", "user", "message", "status", "created_at", "decided_at", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["organisme", "email", "role", "status", "created_at"]
    list_filter = ["status", "role"]
    search_fields = ["organisme__legal_name", "email"]
    list_select_related = ["organisme"]
    # The token is a secret: it never appears in the admin.
    fields = readonly_fields = ["organisme", "email", "role", "status", "invited_by", "created_at", "accepted_at"]
