"""Committed vs paid vs remaining per tier: one selector (grants.selectors.money_by_tier) for the
ministry report and the staff page, in a number of queries that does not grow with the grants."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.reporting import current_program
from grants import selectors, services
from tests.factories import StaffUserFactory, tier
from tests.grants.factories import signed_quietly
from tests.staff.factories import signed_in_team

pytestmark = pytest.mark.django_db


def _grants(count, staff):
    for _index in range(count):
        application = signed_quietly(amount=Decimal("1000"))
        services.record_payment(
            actor=staff, application=application, amount=Decimal("400"), paid_on=timezone.localdate(), method="transfer",
        )


@pytest.mark.parametrize("count", [10, 100])
def test_the_money_per_tier_is_two_queries_whatever_the_number_of_grants(django_assert_num_queries, count):
    _grants(count, StaffUserFactory())
    program = current_program()
    with django_assert_num_queries(2):
        rows = selectors.money_by_tier(program)
    amorcage = next(row for row in rows if row.tier.code == "amorcage")
    assert (amorcage.awards, amorcage.committed, amorcage.paid) == (count, Decimal(1000 * count), Decimal(400 * count))
    assert amorcage.to_pay == Decimal(600 * count)
    assert amorcage.envelope_left == tier("amorcage").budget_envelope - 1000 * count


def test_the_staff_page_shows_committed_paid_and_remaining(client):
    _grants(2, StaffUserFactory())
    page = signed_in_team(client).get(reverse("admin:grants_money")).content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "Engagé, versé et restant par volet" in page
    assert "2 000 $" in page and "800 $" in page and "1 200 $" in page
    assert reverse("admin:grants_ministry_report") in page
