"""The message centre's list (the dashboard shows its first messages the same way), written from
Python: an included template with a `url` tag, a `date` filter and a `translate` per message was
most of the message page's time. The HTML is what organismes/_message_list.html wrote
(tests/organismes/test_message_rows.py compares them); translations are written as
`{% translate %}` writes them (not escaped: they are ours)."""

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dataide.formatting import datetime_formatter, escape
from dataide.reversing import pk_url


def message_list_html(messages) -> str:
    """`messages` (selectors.messages_received: pk, subject, created_at, is_read) as a list, each
    linked to its page, the unread ones marked."""
    message_url = pk_url("organismes:message")
    unread_label = _("Non lu")  # outside the f-string: xgettext does not read inside one
    unread = f'<span class="badge text-bg-primary me-1">{unread_label}</span>'
    written_on = datetime_formatter("DATE_FORMAT")  # one formatter per list, not dateformat per message
    items = "".join(
        '<li class="list-group-item d-flex justify-content-between align-items-start gap-2">'
        f'<a href="{message_url(message.pk)}" class="{"" if message.is_read else "fw-bold"}">'
        f'{"" if message.is_read else unread}{escape(message.subject)}</a>'
        '<span class="text-body-secondary text-nowrap">'
        f"{escape(written_on(timezone.localtime(message.created_at)))}</span></li>"
        for message in messages
    )
    return mark_safe(f'<ul class="list-group">{items}</ul>')  # every value escaped
