"""The outbox's panel of the staff home: messages that failed, to read and resend."""

from django.utils.translation import gettext as _

from dataide.reversing import view_url
from dataide.staff_home import Panel, PanelItem, admin_change_urls, register_panel

from .models import MessageStatus, OutboxMessage
from .selectors import failed_messages


# The resend is the DATAide team's (regional staff only read their regions' messages).
@register_panel(order=80, permission="outbox.change_outboxmessage")
def failed_messages_panel(request, region_ids):
    count, messages = failed_messages()
    change = admin_change_urls(OutboxMessage)
    return Panel(
        title=_("Courriels en échec"),
        count=count,
        items=[
            PanelItem(message.subject or message.template, change(message.pk), message.recipient_email)
            for message in messages
        ],
        more_url=view_url("admin:outbox_outboxmessage_changelist") + f"?status__exact={MessageStatus.FAILED}",
        empty=_("Aucun courriel en échec."),
    )
