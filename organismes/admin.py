from django.contrib import admin

from .models import Membership, Organisme


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
