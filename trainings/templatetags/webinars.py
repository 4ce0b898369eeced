from django import template
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def webinar_when(starts_at):
    """When a webinar starts, as a <time> element (« jeudi 12 mars 2026, 10 h 00 »): a filter
    rather than an included template, which the calendar paid once per card."""
    local = timezone.localtime(starts_at)
    return format_html(
        '<time datetime="{}">{} {}, {}</time>',
        date_format(local, "c"), date_format(local, "l"), date_format(local, "DATE_FORMAT"), time_format(local, "TIME_FORMAT"),
    )
