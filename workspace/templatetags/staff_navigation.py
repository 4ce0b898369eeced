"""The admin's list of models, printed by workspace.navigation.app_list_html."""

from django import template

from ..navigation import app_list_html

register = template.Library()


@register.simple_tag(takes_context=True)
def app_list(context):
    return app_list_html(context.get("app_list") or [], context["request"].path, bool(context.get("show_changelinks")))
