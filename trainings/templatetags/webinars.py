from django import template
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.safestring import mark_safe

from dataide.formatting import datetime_formatter, escape

register = template.Library()


def when_writer():
    """`starts_at → <time> element` (« jeudi 12 mars 2026, 10 h 00 ») in the active language and
    time zone, as `date:'c'`, `date:"l"`, `date:"DATE_FORMAT"` and `time:"TIME_FORMAT"` wrote it
    (the calendar's cards, tests/trainings/test_calendar_cards.py): the formats and weekday names
    read once, where Django's date filters build a formatter for every value."""
    zone = timezone.get_current_timezone()
    weekdays = {day: escape(name) for day, name in WEEKDAYS.items()}
    day, time = datetime_formatter("DATE_FORMAT"), datetime_formatter("TIME_FORMAT")

    def when(starts_at) -> str:
        local = starts_at.astimezone(zone)
        return (
            f'<time datetime="{escape(local.isoformat())}">{weekdays[local.weekday()]} '
            f"{escape(day(local))}, {escape(time(local))}</time>"
        )

    return when


@register.filter
def webinar_when(starts_at):
    """`when_writer()` for one webinar: a filter rather than an included template."""
    return mark_safe(when_writer()(starts_at))  # every value escaped by when_writer
