from django.contrib import admin
from django.template.loader import render_to_string

from .models import AuditEvent

# The page shows the latest events; the full trail is in the audit list, filtered by object.
TRAIL_LIMIT = 200


def audit_trail_html(obj) -> str:
    """The audit events of one object as a table, for the change pages of the domain apps."""
    events = AuditEvent.objects.for_object(obj).select_related("actor")[:TRAIL_LIMIT]
    return render_to_string("admin/dataide/_audit_trail.html", {"events": events})


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["action", "target_repr", "actor__email"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    # The trail is evidence: nobody edits or deletes it, not even the DATAide team.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
