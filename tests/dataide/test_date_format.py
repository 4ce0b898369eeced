"""A list's dates are written by one formatter per format and language
(dataide.formatting.datetime_formatter): every date must read as Django's dateformat writes it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import dateformat, translation
from django.utils.formats import get_format

from dataide.formatting import datetime_formatter

# Every month, every hour (midnight, noon, a.m. and p.m.), single and double digits.
MOMENTS = [datetime(2026, month, 1 + month, 0, 5) + timedelta(hours=hour, minutes=7 * hour) for month in range(1, 13) for hour in range(24)]


@pytest.mark.parametrize("language", ["fr-ca", "fr", "en"])
@pytest.mark.parametrize("format_name", ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"])
def test_every_month_and_hour_reads_as_django_writes_it(language, format_name):
    with translation.override(language):
        formatter = datetime_formatter(format_name)
        expected = [dateformat.format(moment, get_format(format_name)) for moment in MOMENTS]
        assert [formatter(moment) for moment in MOMENTS] == expected
        assert len(set(expected)) == len(MOMENTS)


def test_each_language_has_its_own_formatter():
    with translation.override("fr-ca"):
        french = datetime_formatter()(MOMENTS[30])
    with translation.override("en"):
        english = datetime_formatter()(MOMENTS[30])
    assert (french, english) == ("3 février 2026 à 6\xa0h\xa047", "Feb. 3, 2026, 6:47 a.m.")


@pytest.mark.parametrize("format_string", ["D j M Y, A h:i:s", "l jS F y {P}", "\\a\\t d/m/Y g a"])
def test_other_specifiers_read_as_django_writes_them(format_string):
    """A format with specifiers the formatter does not write itself (D, S, P) goes through Django."""
    with override_settings(FORMAT_MODULE_PATH=None, DATETIME_FORMAT=format_string), translation.override(None):
        from dataide import formatting

        formatting._datetime_formatter.cache_clear()
        try:
            formatter = datetime_formatter()
            assert [formatter(moment) for moment in MOMENTS] == [dateformat.format(moment, format_string) for moment in MOMENTS]
        finally:
            formatting._datetime_formatter.cache_clear()


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_a_long_date_reads_as_date_format_writes_it(language):
    """long_date: a day of every month, or a moment's local day (a late evening in Montréal is
    already the next day in UTC)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    from dataide.formatting import long_date

    late_evening = timezone.make_aware(datetime(2026, 3, 31, 23, 30))
    with translation.override(language):
        assert [long_date(moment.date()) for moment in MOMENTS] == [date_format(moment.date(), "DATE_FORMAT") for moment in MOMENTS]
        assert long_date(late_evening.astimezone(UTC)) == date_format(late_evening.date(), "DATE_FORMAT")
