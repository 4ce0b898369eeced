"""Language helpers shared by every app."""

from django.conf import settings
from django.urls import LocalePrefixPattern, URLResolver
from django.utils.functional import Promise
from django.utils.translation import get_language


def short_language(language_code: str | None = None) -> str:
    """'fr-ca' -> 'fr', 'en' -> 'en': the key of bilingual model fields and of URL prefixes."""
    return (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


# (lazy function, its message arguments, language) → the text; bounded (a list's labels: a few hundred).
_TRANSLATED: dict = {}
_TRANSLATED_MAX = 4096


def translated(text, language: str | None) -> str:
    """str(text), where `language` is the active language (read once by a caller that prints many):
    a lazy translation of a message (gettext_lazy, pgettext_lazy: one proxy class per lazy
    function, its arguments the message) is translated once per language and process, where each
    str() of it would read the active translation again (some eighteen calls). Anything else, or a
    lazy text made of other lazy texts, is str()'d as it is. Reads Django 5.2's proxy (`_args`,
    `_kw`): tests/dataide/test_i18n.py checks it on a Django upgrade."""
    if not isinstance(text, Promise) or text._kw or not all(type(arg) is str for arg in text._args):
        return str(text)
    key = (text.__class__, text._args, language)
    value = _TRANSLATED.get(key)
    if value is None:
        value = str(text)
        if len(_TRANSLATED) < _TRANSLATED_MAX:
            _TRANSLATED[key] = value
    return value


class LocalizedFieldsMixin:
    """Models with `<name>_fr` / `<name>_en` fields read them in the active language.

    `obj.localized("name")` returns the active language's text, falling back to French, the
    program's working language, when the English text has not been written yet.
    """

    def localized(self, field: str, language_code: str | None = None) -> str:
        value = getattr(self, f"{field}_{short_language(language_code)}", "")
        return value or getattr(self, f"{field}_fr")


class ShortLocalePrefixPattern(LocalePrefixPattern):
    """URL prefixes /fr/ and /en/ while the language itself stays fr-ca (Canadian formats)."""

    @property
    def language_prefix(self):
        language_code = get_language() or settings.LANGUAGE_CODE
        if language_code == settings.LANGUAGE_CODE and not self.prefix_default_language:
            return ""
        return f"{short_language(language_code)}/"


def short_i18n_patterns(*urls):
    return [URLResolver(ShortLocalePrefixPattern(prefix_default_language=True), list(urls))]


def absolute_url(url_name: str, language: str, *args) -> str:
    """An absolute link for e-mails and PDFs, in the reader's language (/fr/… or /en/…)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)
