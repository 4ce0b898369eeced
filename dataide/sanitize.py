"""HTML we did not write for this page (a stored e-mail body, staff's Markdown) made safe to show
inside it: only harmless tags and attributes are kept, scripts, styles, event handlers and
`javascript:` links are removed. The Content-Security-Policy would block inline scripts and styles
anyway; cleaning keeps the page valid and the text readable."""

import nh3

# Text structure, links and tables: what our e-mails and help pages use. No `style`, no `class`
# beyond what nh3 allows by default (nothing), so nothing inline reaches the page.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
# Headings keep their id: the help pages' anchors ({#budget}) that the application form links to.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan"}, "th": {"colspan", "scope"},
    "h2": {"id"}, "h3": {"id"},
}


def clean_html(markup: str) -> str:
    """`markup` with only the allowed tags and attributes; links get rel="noopener noreferrer"."""
    return nh3.clean(
        markup or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style", "head", "title"},
        link_rel="noopener noreferrer",
    )
