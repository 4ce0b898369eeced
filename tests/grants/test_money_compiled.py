"""The money paid per tier (grants.selectors.money_by_tier) is read by SQL compiled once per
process (dataide.compiled): it is what the ORM's aggregate gives, program-wide and within
regions (none, one, two), to date and over a period (the ministry report's), payments reversed
included, with another program's ledgers left out."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from applications.reporting import current_program
from dataide.compiled import through_the_orm
from grants import selectors, services
from grants.models import Payment
from programs.admin_scoping import within_regions
from programs.models import Program
from tests.factories import OrganismeFactory, StaffUserFactory, region
from tests.grants.factories import signed_quietly
from tests.staff.factories import ESTRIE

pytestmark = pytest.mark.django_db

MONTREAL = "06"


def _ledgers():
    staff = StaffUserFactory()
    today = timezone.localdate()
    grants = [
        (code, area, days_ago)
        for code in ("amorcage", "acceleration", "innovation")
        for area, days_ago in ((MONTREAL, 400), (ESTRIE, 40), (MONTREAL, 3))
    ]
    for index, (code, area, days_ago) in enumerate(grants):
        application = signed_quietly(OrganismeFactory(region=region(area)), code=code, amount=Decimal("9000"))
        payment = services.record_payment(
            actor=staff, application=application, amount=Decimal("1234.56") + index, paid_on=today - timedelta(days=days_ago),
            method="transfer",
        )
        if index % 4 == 0:
            services.reverse_payment(actor=staff, payment=payment, reason="Erreur de saisie")
    return today


def _former_paid(program, between, region_ids) -> dict:
    """The paid column as money_by_tier summed it before it was compiled: through the ORM."""
    payments = within_regions(Payment.objects.filter(application__tier__program=program), region_ids, selectors.REGION)
    if between is not None:
        start, end = (timezone.localdate(moment) for moment in between)
        payments = payments.filter(Q(paid_on__gte=start, paid_on__lt=end))
    return dict(payments.order_by().values_list("application__tier").annotate(total=Coalesce(Sum("amount"), Decimal(0))))


def _rows(program, **scope):
    return [
        (row.tier.pk, row.awards, row.committed, row.paid, row.program_committed)
        for row in selectors.money_by_tier(program, **scope)
    ]


def test_the_money_paid_per_tier_is_what_the_orm_counts():
    today = _ledgers()
    program = current_program()
    other = Program.objects.exclude(pk=program.pk).first()
    moment = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    periods = [
        None,
        (moment - timedelta(days=40), moment - timedelta(days=3)),  # from a day paid on, to one excluded
        (moment - timedelta(days=60), moment + timedelta(days=1)),
        (moment + timedelta(days=5), moment + timedelta(days=9)),  # nothing paid
    ]
    regions = [None, [region(MONTREAL).pk], [region(MONTREAL).pk, region(ESTRIE).pk], []]
    paid = set()
    for between in periods:
        for region_ids in regions:
            for shown in (program, other) if other else (program,):
                compiled = _rows(shown, between=between, region_ids=region_ids)
                with through_the_orm():
                    expected = _rows(shown, between=between, region_ids=region_ids)
                assert compiled == expected, (between, region_ids, shown)
                former = _former_paid(shown, between, region_ids)
                assert [row[3] for row in compiled] == [former.get(row[0], Decimal(0)) for row in compiled]
                paid.update(row[3] for row in compiled)
    # Sums of several regions, days and reversals, and of none.
    assert Decimal(0) in paid and len(paid) > 8
    assert Payment.objects.filter(amount__lt=0).exists()
