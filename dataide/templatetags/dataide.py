from django import template

from dataide.formatting import format_money

register = template.Library()


@register.filter
def money(amount):
    return format_money(amount)


@register.filter
def localized(obj, field):
    """{{ tier|localized:"name" }}: a bilingual model field in the active language."""
    return obj.localized(field)
