"""The application's PDF: « Imprimé le … » runs in every page's footer and never sits alone on a
last page (it used to end the flow, so an application that just filled its pages printed one more
page holding only that line)."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.applications.factories import complete_draft, eligible_organisme
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def _pages(client, application) -> list[str]:
    response = client.get(reverse("applications:pdf", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


def _body(page_text: str) -> str:
    """A page's text without what the margins print (« Imprimé le … », « 2 / 3 »)."""
    return re.sub(r"Imprimé le [^.]+\.|\b\d+ / \d+\b", "", page_text).strip()


@pytest.fixture
def draft(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    return complete_draft(organisme)


def test_a_short_application_is_one_page_with_the_print_date(client, draft):
    pages = _pages(client, draft)
    assert len(pages) == 1
    assert "Imprimé le" in pages[0] and "1 / 1" in pages[0]


def test_the_page_added_when_the_answers_overflow_holds_answers_not_only_the_print_date(client, draft):
    """Lengthen the first answer line by line until the PDF takes a second page: what moved to
    that page is the end of the flow, which must be answers (before the fix: the print date alone)."""

    def pages_with(lines: int) -> list[str]:
        draft.need = "\n".join(f"Ligne {number} du besoin." for number in range(lines))
        draft.save(update_fields=["need"])
        return _pages(client, draft)

    low, high = 1, 120  # one page with 1 line, at least two with 120: find the first line that overflows
    assert len(pages_with(low)) == 1 and len(pages_with(high)) >= 2
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if len(pages_with(middle)) == 1 else (low, middle)
    pages = pages_with(high)
    assert len(pages) == 2
    assert _body(pages[-1]), f"the second page holds only the footer: {pages[-1]!r}"
    assert all("Imprimé le" in page for page in pages)  # every page says when it was printed
