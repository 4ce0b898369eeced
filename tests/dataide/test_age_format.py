"""How long ago, for a page's items (dataide.formatting.age_formatter): every moment must read as
Django's timesince(moment, now, depth=1) writes it, in French and in English."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.timesince import timesince
from hypothesis import given, settings
from hypothesis import strategies as st

from dataide.formatting import age_formatter

NOW = datetime(2026, 3, 31, 13, 30, 15, tzinfo=UTC)
MONTREAL = ZoneInfo("America/Montreal")

# Around the edges of each unit: a minute, an hour, a day, a week, the end of a month (31 March
# against 28 February), a year; and the future.
EDGES = [NOW - timedelta(seconds=seconds) for seconds in (-90, 0, 1, 59, 60, 3599, 3600, 86399, 86400, 604799, 604800)]
EDGES += [NOW.replace(month=2, day=28), NOW.replace(month=2, day=28, hour=14), NOW.replace(year=2025), NOW.replace(year=2025, second=16)]


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_edges_of_each_unit_read_as_timesince_writes_them(language):
    with translation.override(language):
        formatter = age_formatter(NOW)
        assert [formatter(moment) for moment in EDGES] == [timesince(moment, NOW, depth=1) for moment in EDGES]


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.sampled_from([UTC, MONTREAL])),
    now=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)),
)
def test_any_moment_reads_as_timesince_writes_it(language, moment, now):
    with translation.override(language):
        assert age_formatter(now)(moment) == timesince(moment, now, depth=1)


def test_french_and_english_words():
    moment = NOW - timedelta(days=3, hours=2)
    with translation.override("fr-ca"):
        french = age_formatter(NOW)(moment)
    with translation.override("en"):
        english = age_formatter(NOW)(moment)
    assert (french, english) == ("3\xa0jours", "3\xa0days")
