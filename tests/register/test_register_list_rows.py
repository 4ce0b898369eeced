"""The register's list reads a page's awards only when that page is not kept (register.views
grant_list): each page, filtered or not, must list what the former paginated queryset listed
(`Paginator(listed_awards(filtered_awards(filters)), 50)`), the first time and once kept."""

import pytest
from django.core.cache import cache
from django.core.paginator import Paginator

from programs.models import TierCode
from register.forms import RegisterFilterForm
from register.selectors import filtered_awards, listed_awards
from register.views import PAGE_SIZE

from .factories import award, award_time, bulk_awards

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards():
    bulk_awards(PAGE_SIZE + 7)
    bulk_awards(12, code=TierCode.ACCELERATION, region_code="05")
    for day in range(1, 4):  # newest first: the same moment as the bulk ones, then later ones
        award(code=TierCode.INNOVATION, decided_at=award_time(2026, 7, day), amount="9000")


def former_numbers(query: dict, number):
    from programs.selectors import current_program

    form = RegisterFilterForm(query or None, program=current_program())
    page = Paginator(listed_awards(filtered_awards(form.filters())), PAGE_SIZE).get_page(number)
    return [application.number for application in page.object_list]


@pytest.mark.parametrize("query", [{}, {"tier": TierCode.AMORCAGE}, {"region": "05"}, {"amount_min": "5000"}])
@pytest.mark.parametrize("number", ["1", "2", "3", "99", "abc"])
def test_each_page_lists_what_the_former_queryset_listed(client, awards, query, number):
    cache.clear()
    expected = former_numbers(query, number)
    assert expected  # a page past the last one shows the last one
    for _kept in (False, True):
        response = client.get("/fr/octrois/", {**query, "page": number})
        assert response.status_code == 200
        assert list(response.context["page_obj"].object_list) == expected
        page = response.content.decode()
        assert all(listed in page for listed in expected)
