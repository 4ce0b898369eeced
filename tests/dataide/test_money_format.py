"""Amounts are formatted with str methods from what Babel writes once per language
(dataide.formatting._money_style): every amount must read exactly as Babel itself writes it."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from dataide.formatting import _babel_money, format_money

AMOUNTS = st.decimals(min_value=-10**9, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("language", ["fr-ca", "en", "fr", "en-us"])
@settings(max_examples=300, deadline=None)
@given(amount=AMOUNTS)
def test_every_amount_reads_as_babel_writes_it(language, amount):
    with translation.override(language):
        assert format_money(amount) == _babel_money(Decimal(amount), language.split("-")[0], language)
        assert format_money(amount, language) == _babel_money(Decimal(amount), language.split("-")[0], language)


@pytest.mark.parametrize("amount", [0, "0.5", "999", "1000", "1000.05", "123456789.10", "-1", "0.001", "-0"])
def test_edges_read_as_babel_writes_them(amount):
    for language in ("fr-ca", "en"):
        with translation.override(language):
            assert format_money(amount) == _babel_money(Decimal(amount), language.split("-")[0], language)
