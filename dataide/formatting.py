"""Money and dates in the reader's language, through Babel (CLDR data), so amounts read
`5 000 $` in French and `$5,000` in English."""

import re
from decimal import Decimal
from functools import cache, lru_cache

from babel import Locale
from babel.numbers import parse_pattern
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, to_locale

from .i18n import short_language

# Parsed once: a results page formats hundreds of amounts, and babel's format_currency parses its
# pattern (and the locale) again on every call.
_PATTERNS = {language: parse_pattern(pattern) for language, pattern in {"fr": "#,##0\u00a0¤", "en": "¤#,##0"}.items()}
_PATTERNS_CENTS = {
    language: parse_pattern(pattern) for language, pattern in {"fr": "#,##0.00\u00a0¤", "en": "¤#,##0.00"}.items()
}


@cache
def _locale(language_code: str) -> Locale:
    return Locale.parse(to_locale(language_code))


def format_money(amount, language_code: str | None = None) -> str:
    """Whole dollars without decimals; cents shown only when there are some."""
    if amount is None or amount == "":
        return ""
    return _formatted_money(Decimal(amount), language_code or get_language() or "fr-ca")


# Kept per process: a list page prints the same amounts again and again, and Babel's `apply`
# costs ~170 Python calls an amount (equal amounts, 5000 and 5000.00, print alike).
@lru_cache(maxsize=8192)
def _formatted_money(value: Decimal, language_code: str) -> str:
    language = short_language(language_code)
    patterns = _PATTERNS if value == value.to_integral_value() else _PATTERNS_CENTS
    pattern = patterns.get(language, patterns["fr"])
    return pattern.apply(value, _locale(language_code), currency="CAD", currency_digits=False).replace(
        "CA$", "$"
    )


# --- Amounts as people type them ---------------------------------------------------------------

# Spaces people (and their keyboards) put between thousands: space, no-break, narrow no-break, thin.
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009]+")
# Thousands grouped by three (space, comma or dot), then at most two decimals after a comma or a
# dot: « 4 200,50 », « 1 200 $ », « $4,200.50 », « 1200.5 ». A lone separator followed by three
# digits groups thousands (« 1,200 » is 1 200 $): nobody types a tenth of a cent.
_AMOUNT = re.compile(r"^(?P<whole>\d{1,3}(?:[ ,.]\d{3})+|\d+)(?:[.,](?P<cents>\d{1,2}))?$")


def parse_money(text) -> Decimal | None:
    """The amount written in `text`, or None when it is not one. The live total of the budget
    (static/js/application-form.js, `parseAmount`) reads amounts by the same rule."""
    cleaned = _GROUP_SPACES.sub(" ", str(text)).strip().strip("$").strip()
    match = _AMOUNT.match(cleaned)
    if match is None:
        return None
    whole = re.sub(r"[ ,.]", "", match["whole"])
    return Decimal(f"{whole}.{match['cents'] or '0'}")


def days_left(due_on, today=None) -> str:
    """« dans 12 jours », « demain », « aujourd'hui » or « dépassée », in the active language."""
    days = (due_on - (today or timezone.localdate())).days
    if days < 0:
        return gettext("dépassée")
    if days == 0:
        return gettext("aujourd'hui")
    if days == 1:
        return gettext("demain")
    return ngettext("dans %(count)s jour", "dans %(count)s jours", days) % {"count": days}
