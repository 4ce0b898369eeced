"""The conversation on the application's admin page: read there, answered on its own page."""

from django.template.loader import render_to_string

from ..admin import ApplicationAdmin
from .selectors import conversation_of


def conversation_section(application):
    return render_to_string("admin/applications/_conversation.html", {
        "application": application, "thread": conversation_of(application),
    })


ApplicationAdmin.contribute_section(conversation_section)
