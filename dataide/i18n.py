"""Language helpers shared by every app."""

from django.conf import settings
from django.urls import LocalePrefixPattern, URLResolver
from django.utils.translation import get_language


def short_language(language_code: str | None = None) -> str:
    """'fr-ca' -> 'fr', 'en' -> 'en': the key of bilingual model fields and of URL prefixes."""
    return (language_code or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


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
