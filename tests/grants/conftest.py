"""The post-award data set the staff home's panels and the dashboard's page are checked against."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from grants import services
from grants.models import Agreement
from tests.factories import OrganismeFactory, StaffUserFactory, region
from tests.grants.factories import awarded_quietly, signed_quietly
from tests.staff.factories import ESTRIE, MONTREAL


def _in(region_code, factory=signed_quietly, **kwargs):
    return factory(OrganismeFactory(region=region(region_code)), **kwargs)


@pytest.fixture
def after_award():
    old = _in(MONTREAL, awarded_quietly)
    Agreement.objects.filter(application=old).update(generated_at=timezone.now() - timedelta(days=40))
    recent = _in(ESTRIE, awarded_quietly)
    to_pay = _in(MONTREAL, code="acceleration", amount=Decimal("10000"))
    paid = _in(ESTRIE, amount=Decimal("4000"))
    services.record_payment(actor=StaffUserFactory(), application=paid, amount=Decimal("4000"), paid_on=timezone.localdate(),
                            method="transfer")
    # Signed 11 months and a half ago: its report (due 12 months after signature) is due soon.
    Agreement.objects.filter(application=paid).update(signed_at=timezone.now() - timedelta(days=350))
    overdue = _in(MONTREAL)
    Agreement.objects.filter(application=overdue).update(signed_at=timezone.now() - timedelta(days=400))
    return {"old": old, "recent": recent, "to_pay": to_pay, "paid": paid, "overdue": overdue}
