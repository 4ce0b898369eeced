"""One place renders every e-mail: a subject and an HTML body per message, wrapped in the
program's layout (footer, contact), plus the plain-text version derived from the same HTML so
the two can never say different things."""

import html
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

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
