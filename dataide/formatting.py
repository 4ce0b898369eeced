"""Money and dates in the reader's language, through Babel (CLDR data), so amounts read
`5 000 $` in French and `$5,000` in English."""

from decimal import Decimal

from babel.numbers import format_currency
from django.utils.translation import get_language, to_locale

from .i18n import short_language

_PATTERNS = {"fr": "#,##0\u00a0¤", "en": "¤#,##0"}
_PATTERNS_CENTS = {"fr": "#,##0.00\u00a0¤", "en": "¤#,##0.00"}


def format_money(amount, language_code: str | None = None) -> str:
    """Whole dollars without decimals; cents shown only when there are some."""
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    language = short_language(language_code)
    patterns = _PATTERNS if value == value.to_integral_value() else _PATTERNS_CENTS
    return format_currency(
        value,
        "CAD",
        format=patterns.get(language, patterns["fr"]),
        locale=to_locale(language_code or get_language() or "fr-ca"),
        currency_digits=False,
    ).replace("CA$", "$")
