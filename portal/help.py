"""Help pages as the public reads them: the staff's Markdown rendered, then sanitised (no script,
no event handler, no `javascript:` link survives), in the reader's language."""

import markdown
from django.db.models import Q
from django.http import Http404
from django.utils.safestring import mark_safe

from dataide.i18n import short_language
from dataide.sanitize import clean_html

from .models import HelpPage

# attr_list gives headings the anchors the form links to ({#budget}); tables for the glossary.
EXTENSIONS = ["attr_list", "tables", "sane_lists"]


def render_markdown(text: str) -> str:
    return mark_safe(clean_html(markdown.markdown(text or "", extensions=EXTENSIONS, output_format="html")))


def help_pages():
    return HelpPage.objects.all()


def page_for(slug: str) -> HelpPage:
    """The page at `slug`, in French or English (the view redirects to the reader's language)."""
    page = HelpPage.objects.filter(Q(slug=slug) | Q(slug_en=slug)).first()
    if page is None:
        raise Http404
    return page


def rendered_body(page: HelpPage, language: str | None = None) -> str:
    return render_markdown(page.localized("body", short_language(language)))
