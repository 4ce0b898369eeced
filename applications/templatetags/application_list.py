"""The applications list's table, its rows printed by applications.admin_rows."""

from django import template
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin_rows import result_list

register = template.Library()


@register.tag(name="application_result_list")
def application_result_list(parser, token):
    """Django's `result_list` tag (same template, same context) with faster rows."""
    return InclusionAdminNode(parser, token, func=result_list, template_name="change_list_results.html", takes_context=False)
