"""The admin's list of models, printed by workspace.navigation.app_list_html, and the index's
link to the program dashboard."""

from django import template

from ..navigation import app_list_html, program_dashboard_module

register = template.Library()


@register.simple_tag(takes_context=True)
def app_list(context):
    return app_list_html(context.get("app_list") or [], context["request"].path, bool(context.get("show_changelinks")))


@register.simple_tag(takes_context=True)
def program_dashboard(context):
    return program_dashboard_module(context["request"].user)
