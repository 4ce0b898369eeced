"""Money and dates in the reader's language, through Babel (CLDR data), so amounts read
`5 000 $` in French and `$5,000` in English."""

import html
import re
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.numbers import parse_pattern
from django.utils import dateformat, dates, timezone
from django.utils.formats import get_format
from django.utils.html import avoid_wrapping
from django.utils.timesince import TIME_CHUNKS, TIME_STRINGS, TIME_STRINGS_KEYS
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
    return money_formatter(language_code)(amount)


def money_formatter(language_code: str | None = None):
    """`function(amount)` writing it as format_money does, the language read once: for the
    amounts of a list (reading the active language is a dozen calls, a fifth of a row)."""
    language = short_language(language_code)
    locale_code = language_code or get_language() or "fr-ca"
    prefix, group, decimal, suffix = _money_style(language, locale_code)

    def write(amount) -> str:
        if amount is None or amount == "":
            return ""
        value = Decimal(amount)
        if not value.is_finite() or value.is_signed() or value != value.quantize(_CENT):
            return _babel_money(value, language, locale_code)
        whole = int(value)
        cents = int((value - whole) * 100)
        digits = f"{whole:,}".replace(",", group)
        return f"{prefix}{digits}{decimal}{cents:02d}{suffix}" if cents else f"{prefix}{digits}{suffix}"

    return write


_CENT = Decimal("0.01")


def _babel_money(value: Decimal, language: str, locale_code: str) -> str:
    patterns = _PATTERNS if value == value.to_integral_value() else _PATTERNS_CENTS
    pattern = patterns.get(language, patterns["fr"])
    return pattern.apply(value, _locale(locale_code), currency="CAD", currency_digits=False).replace("CA$", "$")


@cache
def _money_style(language: str, locale_code: str) -> tuple[str, str, str, str]:
    """What Babel writes around and between the digits of an amount in that language and locale
    (before, thousands, decimals, after), read once from its own answer: a list of amounts then
    formats each one with str methods alone (tests/dataide/test_money_format.py checks they agree)."""
    sample = _babel_money(Decimal("1234567.89"), language, locale_code)
    match = re.fullmatch(r"(\D*)1(?P<group>\D+)234(?P=group)567(\D+)89(\D*)", sample)
    if match is None:
        raise ValueError(f"Montant inattendu de Babel : {sample!r}")
    return match[1], match["group"], match[3], match[4]


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


# --- How long ago, for the items of a page --------------------------------------------------------

def age_formatter(now=None):
    """`function(moment)` writing how long ago it was as Django's `timesince(moment, now,
    depth=1)` does (« 3 jours », "3 days"; tests/dataide/test_age_format.py compares them), `now`
    read once: timesince costs some hundred calls a value (its lazy plural strings above all),
    so each wording is translated once per formatter."""
    now = now or datetime.now(UTC)
    words = {}

    def write(moment) -> str:
        # In the moment's time zone, as timesince compares them (the database's are in UTC, as now).
        here = now if moment.tzinfo is now.tzinfo else now.astimezone(moment.tzinfo)
        since = here - moment
        if since.days * 86400 + since.seconds <= 0:  # the future, as timesince: microseconds aside
            return _age_words(words, "minute", 0)
        # Whole calendar months, then what is left of the time since by weeks, days, hours, minutes.
        months = (here.year - moment.year) * 12 + here.month - moment.month
        if moment.day > here.day or (moment.day == here.day and moment.time() > here.time()):
            months -= 1
        if months >= 12:
            return _age_words(words, "year", months // 12)
        if months:
            return _age_words(words, "month", months)
        seconds = since.total_seconds()
        for name, chunk in zip(TIME_STRINGS_KEYS[2:], TIME_CHUNKS, strict=True):
            if seconds >= chunk:
                return _age_words(words, name, int(seconds // chunk))
        return _age_words(words, "minute", 0)

    return write


def _age_words(words: dict, name: str, count: int) -> str:
    key = (name, count)
    if key not in words:
        words[key] = avoid_wrapping(TIME_STRINGS[name] % {"num": count})
    return words[key]


# --- Dates of a list, one formatter per format and language -------------------------------------

# Django's dateformat specifiers a date format of ours uses, each read straight from the datetime:
# dateformat.format builds a DateFormat (and looks at its time zone) for every value, some ninety
# calls a cell. Names (months, a.m.) are translated once, when the formatter is made.
_NUMBERS = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "y": lambda value: f"{value.year % 100:02d}",
    "Y": lambda value: f"{value.year:04d}",
    "G": lambda value: str(value.hour),
    "H": lambda value: f"{value.hour:02d}",
    "g": lambda value: str(value.hour % 12 or 12),
    "h": lambda value: f"{value.hour % 12 or 12:02d}",
    "i": lambda value: f"{value.minute:02d}",
    "s": lambda value: f"{value.second:02d}",
}


def _named(specifier: str):
    if specifier in "FNbM":
        names = {"F": dates.MONTHS, "N": dates.MONTHS_AP, "b": dates.MONTHS_3, "M": dates.MONTHS_3}[specifier]
        months = {month: str(name).title() if specifier == "M" else str(name) for month, name in names.items()}
        return lambda value: months[value.month]
    if specifier in "aA":
        # Django's own strings, translated by Django's catalog: called through another name so that
        # makemessages leaves them out of ours, whose French identity entries would hide Django's.
        django_text = gettext
        pm, am = (django_text("p.m."), django_text("a.m.")) if specifier == "a" else (django_text("PM"), django_text("AM"))
        return lambda value: pm if value.hour > 11 else am
    return None


def datetime_formatter(format_name: str = "DATETIME_FORMAT"):
    """`function(local datetime)` writing it as Django's date_format does with that format in the
    active language (tests/dataide/test_date_format.py checks every month and hour)."""
    return _datetime_formatter(format_name, get_language())


@cache
def _datetime_formatter(format_name: str, language: str | None):
    format_string = str(get_format(format_name))
    template, parts = [], []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            part = _NUMBERS.get(piece) or _named(piece)
            if part is None:  # a specifier not written here: Django's own, every time
                return lambda value: dateformat.format(value, format_string)
            template.append(f"{{{len(parts)}}}")
            parts.append(part)
        elif piece:
            template.append(dateformat.re_escaped.sub(r"\1", piece).replace("{", "{{").replace("}", "}}"))
    template = "".join(template)
    return lambda value: template.format(*[part(value) for part in parts])


def long_date(value) -> str:
    """A day (a date, or a datetime's local day) as date_format(day, "DATE_FORMAT") writes it in
    the active language, through the format's one formatter (a hundred calls fewer a date)."""
    day = timezone.localdate(value) if isinstance(value, datetime) else value
    return datetime_formatter("DATE_FORMAT")(day)


# What html.escape replaces.
_SPECIAL = re.compile("[&<>\"']")


def escape(text) -> str:
    """What the template's autoescaping writes, for pages that print their rows from Python
    (committees.dashboard_page, committees.results_page, trainings.trainer_rows): a value marked
    safe is written as it is. Django's conditional_escape writes the same through html.escape, but
    through its lazy-string wrappers: a page of 50 rows escapes some 300 values. A plain text (what
    the database gives) is searched once for what to replace: most have nothing, and html.escape
    makes five replacements whatever the text."""
    if text.__class__ is not str:
        if hasattr(text, "__html__"):
            return str(text.__html__())
        text = str(text)
    return html.escape(text) if _SPECIAL.search(text) else text


def csrf_input(token: str) -> str:
    """What `{% csrf_token %}` writes, for forms printed from Python (`token`: dataide.csrf.csrf_token(request), one per response)."""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
