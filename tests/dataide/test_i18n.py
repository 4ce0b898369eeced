"""The French catalog is complete and compiled; English too, since every page exists in both."""

import gettext
import os
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from dataide.formatting import format_money

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("domain", ["django"])
def test_catalog_is_complete_and_compiled(language, domain):
    po_path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file)
    messages = [m for m in catalog if m.id]
    assert messages, "empty catalog"
    untranslated = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"untranslated in {language}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"

    with (po_path.with_suffix(".mo")).open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    for message in messages:
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        key = f"{message.context}\x04{msgid}" if message.context else msgid
        assert key in compiled._catalog or (key, 0) in compiled._catalog, f".mo is stale: {msgid!r}"


def test_french_is_the_default_language():
    assert settings.LANGUAGE_CODE == "fr-ca"
    assert [code for code, _ in settings.LANGUAGES] == ["fr-ca", "en"]


@pytest.mark.parametrize(
    "language,amount,expected",
    [
        ("fr-ca", 5000, "5\u00a0000\u00a0$"),
        ("fr-ca", "5400000", "5\u00a0400\u00a0000\u00a0$"),
        ("fr-ca", "1234.5", "1\u00a0234,50\u00a0$"),
        ("en", 5000, "$5,000"),
        ("en", "1234.5", "$1,234.50"),
    ],
)
def test_money_reads_like_the_reader_expects(language, amount, expected):
    with translation.override(language):
        assert format_money(amount) == expected


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (xgettext) to extract strings")
def test_every_string_in_the_code_is_in_the_catalogs(tmp_path):
    """Extract the strings afresh from a copy of the code: none may be missing from the catalogs,
    so a new `{% translate %}` or gettext() without its English fails here, not in production."""
    root = Path(settings.BASE_DIR)
    ignore = shutil.ignore_patterns(".venv", "staticfiles", "node_modules", "__pycache__", ".git", "media", "private", "tests", "test-artifacts")
    copy = tmp_path / "src"
    shutil.copytree(root, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-obsolete", "--no-wrap"],
        cwd=copy, check=True, capture_output=True, timeout=300,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    with (copy / "locale/fr/LC_MESSAGES/django.po").open("rb") as extracted_file:
        extracted = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(extracted_file) if m.id}
    for language in ("fr", "en"):
        with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po_file:
            committed = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(po_file) if m.id}
        missing = sorted(msgid for _context, msgid in extracted - committed)
        assert not missing, f"{len(missing)} strings missing from locale/{language} (run `make messages`): {missing[:10]}"


_TRANSLATION_CALL = re.compile(r"\b(?:_|gettext|gettext_lazy|ngettext|ngettext_lazy|pgettext|npgettext)\(")


def test_no_translation_is_called_inside_an_f_string():
    """xgettext (GNU gettext 0.21, what makemessages runs) does not read inside f-strings: a string
    translated only there drops out of the catalogs at the next `make messages`, and English pages
    then show it in French. Pages printed from Python translate first, then format."""
    root = Path(settings.BASE_DIR)
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in {".venv", "tests", "node_modules", "staticfiles"} or "migrations" in relative.parts:
            continue
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                if token.type == tokenize.STRING and re.match(r"(?i)r?fr?['\"]", token.string) and _TRANSLATION_CALL.search(token.string):
                    found.append(f"{relative}:{token.start[0]}")
    assert not found, found


def test_a_lazy_message_is_translated_once_per_language_and_lazy_function():
    from django.utils.functional import lazy
    from django.utils.safestring import SafeString, mark_safe
    from django.utils.text import format_lazy
    from django.utils.translation import gettext_lazy, override

    from dataide.i18n import translated

    for language, word in [("fr", "Filtre"), ("en", "Filter"), ("fr", "Filtre")]:
        with override(language):
            assert translated(gettext_lazy("Filter"), language) == word
    # Another lazy function of the same message has its own text.
    shouting = lazy(str.upper, str)
    with override("fr"):
        assert translated(shouting("Filter"), "fr") == "FILTER"
        assert translated(format_lazy("{} !", gettext_lazy("Filter")), "fr") == "Filtre !"
    assert translated("texte", "fr") == "texte"
    assert isinstance(translated(mark_safe("<b>"), "fr"), SafeString)
