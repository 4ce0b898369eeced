from django import template

from dataide.formatting import format_money
from dataide.forms import text_fields_html

register = template.Library()


@register.filter
def text_fields(form):
    """`{{ form|text_fields }}`: a form of text fields, printed cheaply (dataide.forms.text_fields_html)."""
    return text_fields_html(form)


@register.filter
def money(amount):
    return format_money(amount)


@register.filter
def localized(obj, field):
    """{{ tier|localized:"name" }}: a bilingual model field in the active language."""
    return obj.localized(field)


@register.simple_tag
def program_contact_email():
    from django.conf import settings

    return settings.PROGRAM_CONTACT_EMAIL


@register.simple_tag
def site_url():
    from django.conf import settings

    return settings.SITE_URL.rstrip("/")
