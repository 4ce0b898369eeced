"""« Ce que nous détenons »'s tables, written from Python: the categories' rows and up to two
hundred reads of the organisme's file through template tags (an include, a `with`, a date filter
and two choice labels a row) were most of the page's time. They write what the former template
wrote (tests/privacy/held_reference.html, compared by tests/privacy/test_held_page.py). The privacy
notice prints its categories through the same table, without the counts (its former template:
tests/privacy/notice_reference.html, compared by tests/privacy/test_notice_page.py)."""

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dataide.formatting import datetime_formatter, escape

from .models import ReaderKind, ReadKind

# The read's moment as the template's `date:"j F Y H:i"` wrote it.
READ_AT_FORMAT = "j F Y H:i"


# Headings are written as `{% translate %}` writes them (not escaped: they are ours).
def categories_table(categories, counts: dict[str, int] | None = None) -> str:
    """Each category's label, purpose and retention; with `counts` (category key → records), a last
    column of how many records of it there are, as « Ce que nous détenons » shows them (the privacy
    notice shows none)."""
    language = get_language()
    # Translated before formatting: xgettext does not read inside f-strings.
    what, why, kept = _("Renseignements"), _("Pourquoi"), _("Conservation")
    if counts is None:
        records, rows = "", "".join(f"{_described(category, language)}</tr>" for category in categories)
    else:
        heading = _("Enregistrements")
        records = f'<th scope="col">{heading}</th>'
        rows = "".join(f"{_described(category, language)}<td>{counts[category.key]:d}</td></tr>" for category in categories)
    return mark_safe(  # every value escaped above
        '<div class="table-responsive"><table class="table table-sm"><thead><tr>'
        f'<th scope="col">{what}</th><th scope="col">{why}</th><th scope="col">{kept}</th>{records}'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


# (category key, language) → the row's opening cells: the categories and their texts are fixed
# once the apps are ready, and translating and escaping them was most of the table's calls.
_DESCRIBED: dict[tuple[str, str | None], str] = {}


def _described(category, language) -> str:
    key = (category.key, language)
    if key not in _DESCRIBED:
        _DESCRIBED[key] = (
            f'<tr><th scope="row">{escape(category.label)}</th><td>{escape(category.purpose)}</td>'
            f"<td>{escape(category.retention)}</td>"
        )
    return _DESCRIBED[key]


def reads_table(reads) -> str:
    """Who opened the organisme's file: the moment, the reader's kind, what was read."""
    when = datetime_formatter(READ_AT_FORMAT)
    zone = timezone.get_current_timezone()
    readers = {value: escape(label) for value, label in ReaderKind.choices}
    kinds = {value: escape(label) for value, label in ReadKind.choices}
    rows = "".join(
        f"<tr><td>{escape(when(read.read_at.astimezone(zone)))}</td>"
        f"<td>{readers.get(read.reader_kind) or escape(read.get_reader_kind_display())}</td>"
        f"<td>{kinds.get(read.kind) or escape(read.get_kind_display())} : {escape(read.label)}</td></tr>"
        for read in reads
    )
    when, who, what = _("Date"), _("Qui"), _("Quoi")  # translated before formatting (xgettext)
    return mark_safe(  # every value escaped above
        '<div class="table-responsive"><table class="table table-sm"><thead><tr>'
        f'<th scope="col">{when}</th><th scope="col">{who}</th><th scope="col">{what}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )
