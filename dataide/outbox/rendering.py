"""One place renders every e-mail: a subject and an HTML body per message, wrapped in the
program's layout (footer, contact), plus the plain-text version derived from the same HTML so
the two can never say different things.

A message sent to many shares its context (an announcement to every organisme queued one by one):
rendering it again for each person cost about half of queueing it. The e-mail templates are pure —
translations, the settings' tags, conditions on the context (tests/dataide/test_outbox.py checks
every tag they use) — so a context of plain values (text, numbers, lists, dicts keyed by text,
nothing an object could change between two calls) is rendered once per template and language and
kept in a small per-process cache, emptied when a setting changes (tests) or a template file does
(runserver)."""

import functools
import html
import json
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.autoreload import file_changed

RENDERED_KEPT = 64

_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|tr|table|ul|ol)>|<br\s*/?>", re.I)
_LINK = re.compile(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(markup: str) -> str:
    text = _LINK.sub(lambda m: m.group(2) if m.group(2).strip() == m.group(1) else f"{m.group(2)} ({m.group(1)})", markup)
    text = re.sub(r"<li[^>]*>", "- ", text, flags=re.I)
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def render_message(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Return (subject, text, html) for `emails/<template>/` in the recipient's language."""
    if _plain(context):
        return _render_plain(template, language, json.dumps(context, sort_keys=True))
    return _render(template, context, language)


def _plain(value) -> bool:
    # Exact types: a SafeString would be written unescaped, a lazy text translated when rendered.
    if type(value) is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if type(value) is list:
        return all(_plain(item) for item in value)
    return value is None or type(value) in (str, int, float, bool)


@functools.lru_cache(maxsize=RENDERED_KEPT)
def _render_plain(template: str, language: str, context_json: str) -> tuple[str, str, str]:
    return _render(template, json.loads(context_json), language)


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _render_plain.cache_clear()


@receiver(file_changed)
def _template_changed(sender, file_path, **kwargs):
    if file_path.suffix != ".py":
        _render_plain.cache_clear()


def _render(template: str, context: dict, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        full_context = {
            **context,
            "site_url": settings.SITE_URL.rstrip("/"),
            "contact_email": settings.PROGRAM_CONTACT_EMAIL,
        }
        subject = " ".join(render_to_string(f"emails/{template}/subject.txt", full_context).split())
        content = render_to_string(f"emails/{template}/body.html", full_context)
        layout_context = {**full_context, "subject": subject, "content": content}
        body_html = render_to_string("emails/layout.html", layout_context)
        body_text = html_to_text(content) + "\n" + render_to_string("emails/footer.txt", layout_context)
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body_text, body_html
