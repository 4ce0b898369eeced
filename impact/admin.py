from django.contrib import admin

from .models import Indicator


# Staff manage the indicators offered; what organismes share is not in the admin (staff see it only
# in aggregates, on the impact:aggregates page).
@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("label_fr", "code", "active", "position")
