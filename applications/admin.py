from django.contrib import admin

from .models import Application


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisme", "tier", "status", "amount_requested", "amount_awarded", "submitted_at"]
    list_filter = ["tier", "status", "organisme__region"]
    search_fields = ["number", "organisme__legal_name", "organisme__neq"]
    list_select_related = ["organisme", "tier"]
