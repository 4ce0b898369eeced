from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import MessageStatus, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient_email", "subject", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipient_email", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    readonly_fields = [
        "created_at", "recipient_email", "recipient_user", "language", "template", "subject", "body_text",
        "status", "attempts", "last_error", "next_attempt_at", "sent_at", "about_type", "about_id",
        "addressee_type", "addressee_id", "attachments", "context",
    ]
    fields = readonly_fields
    list_select_related = ["recipient_user"]

    # Row-level limits come from the apps that know who may read what (organismes: regional staff
    # read the messages of their regions' organismes); the outbox itself knows no domain.
    queryset_limiters: list = []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        for limit in self.queryset_limiters:
            queryset = limit(queryset, request.user)
        return queryset

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les courriels en échec"), permissions=["change"])
    def resend_failed(self, request, queryset):
        failed = list(queryset.filter(status=MessageStatus.FAILED))
        for message in failed:
            services.resend_message(actor=request.user, message=message)
        self.message_user(
            request,
            ngettext("%(count)d courriel renvoyé.", "%(count)d courriels renvoyés.", len(failed)) % {"count": len(failed)},
            messages.SUCCESS,
        )


class MessagesInline(GenericTabularInline):
    """Read-only list of the messages about an object (an application…); used by the domain
    apps' admins. `AddressedMessagesInline` lists those sent to an organisme."""

    model = OutboxMessage
    ct_field = "about_type"
    ct_fk_field = "about_id"
    fields = ["created_at", "recipient_email", "subject", "status", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at"]
    verbose_name_plural = _("courriels envoyés")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AddressedMessagesInline(MessagesInline):
    ct_field = "addressee_type"
    ct_fk_field = "addressee_id"
