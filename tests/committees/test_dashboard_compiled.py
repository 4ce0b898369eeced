"""The member's dashboard reads its committees, the conflicts and the page's rows from SQL
compiled once per process (dataide.compiled): the page is the one the ORM's queries give, for a
seat holder, a member with automatic conflicts (their organisme, a partner), an alternate called in
and someone who judges nothing, in both languages and on every page of the list."""


import pytest
from django.urls import reverse
from django.utils import translation

from committees import selectors
from dataide.compiled import through_the_orm
from tests.committees.test_access import _cases
from tests.helpers import login_staff, without_csrf

pytestmark = pytest.mark.django_db


def _page(client, page):
    response = client.get(reverse("committees:dashboard"), {"page": page})
    assert response.status_code == 200
    return without_csrf(response.content.decode())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_dashboard_is_the_page_the_orm_gives(client, monkeypatch, language):
    people, _assignments = _cases()
    monkeypatch.setattr(selectors, "DASHBOARD_PER_PAGE", 2)  # pages of 2 rows, then of 1
    shown = 0
    for user in people:
        login_staff(client, user)
        for page in (1, 2):
            with translation.override(language):
                compiled = _page(client, page)
                with through_the_orm():
                    expected = _page(client, page)
            assert compiled == expected, (user, page)
            shown += compiled.count("<tr><td>")
    # Over pages 1 and 2: each seat holder 3 rows (4 assignments, one hidden by a conflict:
    # declared, their organisme's, a partner's), the alternate 1 twice (page 2 is page 1), nobody 0.
    assert shown == 3 + 3 + 3 + 2 + 0
