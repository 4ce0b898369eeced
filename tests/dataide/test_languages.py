"""The supported languages are declared once (dataide/languages.py): the settings, every language
field and every loop over the languages read them from there, so adding one is a single change."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

from dataide.languages import Language

ROOT = Path(settings.BASE_DIR)
CODES = {"fr", "fr-ca", "en"}


def _code(node) -> str | None:
    """The language code a sequence element names: "en" itself, or ("en", _("English"))."""
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Constant) and node.value in CODES:
        return node.value
    return None


def _lists_of_languages(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            codes = [code for code in map(_code, node.elts) if code]
            if len(codes) >= 2:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {codes}")
    return found


def test_no_module_lists_the_languages_again():
    modules = [
        path for package in ("config", "dataide", "portal", "programs", "organismes", "trainings", "applications",
                             "committees", "devtools")
        for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    ]
    assert len(modules) > 100
    found = [line for path in modules for line in _lists_of_languages(path)]
    assert not found, f"read the languages from dataide.languages.Language: {found}"


def test_the_settings_and_every_language_field_offer_the_declared_languages():
    assert settings.LANGUAGES == Language.choices
    assert settings.LANGUAGE_CODE == Language.values[0] == "fr-ca"
    language_fields = [
        field for model in apps.get_models() for field in model._meta.get_fields()
        if getattr(field, "choices", None) and "language" in field.name
    ]
    assert {field.model._meta.label for field in language_fields} >= {
        "accounts.User", "organismes.Organisme", "outbox.OutboxMessage", "trainings.WebinarSession", "programs.SelectionGuide",
    }
    for field in language_fields:
        assert [code for code, _label in field.choices] == Language.values, field
