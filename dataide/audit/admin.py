from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .events import AuditEventType
from .models import AuditEvent
from .rendering import describe

# The page shows the latest events; the full trail is in the audit list, filtered by object.
TRAIL_LIMIT = 200


def audit_trail_html(obj) -> str:
    """The audit events of one object as sentences, for the change pages of the domain apps."""
    events = AuditEvent.objects.for_object(obj).select_related("actor")[:TRAIL_LIMIT]
    return render_to_string(
        "admin/dataide/_audit_trail.html",
        {"events": [(event, describe(event)) for event in events]},
    )


class EventTypeFilter(admin.SimpleListFilter):
    """The events by what happened, in words (the sentence's head with its data left out)."""

    title = _("événement")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return [(member.value, _head_without_data(member)) for member in AuditEventType]

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


def _head_without_data(member: AuditEventType) -> str:
    return str(member.sentence) % {key.name: "…" for key in member.keys}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "target_repr"]
    list_filter = [EventTypeFilter, "target_type"]
    search_fields = ["action", "target_repr", "actor__email", "actor__full_name"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    readonly_fields = ["event", "created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]
    fields = readonly_fields

    @admin.display(description=_("événement"))
    def event(self, event):
        return describe(event)

    # The trail is evidence: nobody edits or deletes it, not even the DATAide team.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
