"""The program's configuration changes through audited services, called by the admin: each
change keeps its old and new values, and a tier's quota and envelope never go below what is
already awarded (counted by applications through programs.usage)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from applications.models import ApplicationStatus as S
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from programs import services
from programs.models import CentraideOffice, GrantTier, Program
from tests.factories import StaffUserFactory, region, tier
from tests.helpers import login_staff, post_admin_change
from tests.staff.factories import submitted_application

pytestmark = pytest.mark.django_db


def _events(action, target):
    return list(AuditEvent.objects.for_object(target).filter(action=action))


def test_changing_the_quota_in_the_admin_records_old_and_new_values(client):
    staff = StaffUserFactory(full_name="Julie Lavoie")
    login_staff(client, staff)
    amorcage = tier()
    response = post_admin_change(client, amorcage, quota=400, window_closes_on="2027-06-30")
    assert response.status_code == 302, response.content.decode()[:2000]
    amorcage.refresh_from_db()
    assert amorcage.quota == 400
    [event] = _events(AuditEventType.TIER_CHANGED, amorcage)
    assert event.actor == staff
    assert event.data["changes"]["quota"] == {"old": 410, "new": 400}
    assert event.data["changes"]["window_closes_on"]["new"] == "2027-06-30"
    assert set(event.data["changes"]) == {"quota", "window_closes_on"}  # unchanged fields are not listed


def test_the_quota_cannot_go_below_the_awards_already_made(client):
    login_staff(client, StaffUserFactory())
    amorcage = tier()
    for number in ("AMO-2026-0901", "AMO-2026-0902"):
        submitted_application(number, status=S.AWARDED, amount_awarded=Decimal(4000), amount_requested=Decimal(4000))

    response = post_admin_change(client, amorcage, quota=1)
    assert response.status_code == 200  # the form again, with the reason beside the field
    assert "compte déjà 2 bourses accordées" in response.content.decode()
    amorcage.refresh_from_db()
    assert amorcage.quota == 410 and not _events(AuditEventType.TIER_CHANGED, amorcage)

    amorcage.quota = 1
    with pytest.raises(ValidationError) as refused:
        services.save_tier(actor=StaffUserFactory(), tier=amorcage, fields=["quota"])
    assert refused.value.error_dict["quota"][0].code == "quota_below_awards"
    amorcage.quota = 2  # exactly the awards made: allowed
    services.save_tier(actor=StaffUserFactory(), tier=amorcage, fields=["quota"])
    assert GrantTier.objects.get(pk=amorcage.pk).quota == 2


def test_the_envelope_cannot_go_below_the_money_already_awarded():
    amorcage = tier()
    submitted_application("AMO-2026-0903", status=S.AWARDED, amount_awarded=Decimal(4000), amount_requested=Decimal(4000))
    amorcage.budget_envelope = Decimal("3999.99")
    with pytest.raises(ValidationError) as refused:
        services.save_tier(actor=StaffUserFactory(), tier=amorcage, fields=["budget_envelope"])
    assert refused.value.error_dict["budget_envelope"][0].code == "envelope_below_awards"
    assert GrantTier.objects.get(pk=amorcage.pk).budget_envelope != Decimal("3999.99")


def test_a_window_that_closes_before_it_opens_is_refused_with_a_clear_message(client):
    login_staff(client, StaffUserFactory())
    amorcage = tier()
    response = post_admin_change(client, amorcage, window_opens_on="2027-01-10", window_closes_on="2027-01-09")
    assert response.status_code == 200
    assert "La fermeture des demandes doit suivre leur ouverture." in response.content.decode()


def test_the_regions_of_a_regional_centraide_change_through_the_service(client):
    staff = StaffUserFactory()
    login_staff(client, staff)
    office = CentraideOffice.objects.filter(regions=region("06")).first()
    before = sorted(str(r) for r in office.regions.all())
    response = post_admin_change(client, office, regions=[region("06").pk, region("13").pk], staff=[staff.pk])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(office.regions.values_list("code", flat=True)) == {"06", "13"}
    [event] = _events(AuditEventType.CENTRAIDE_OFFICE_CHANGED, office)
    assert event.data["changes"]["regions"] == {"old": before, "new": sorted([str(region("06")), str(region("13"))])}
    assert event.data["changes"]["staff"] == {"old": [], "new": [str(staff)]}


def test_an_office_without_a_region_is_refused():
    office = CentraideOffice.objects.first()
    with pytest.raises(ValidationError):
        services.save_centraide_office(actor=StaffUserFactory(), office=office, regions=[])
    assert office.regions.exists()


def test_the_program_settings_change_through_the_service(client):
    login_staff(client, StaffUserFactory())
    program = Program.objects.get()
    response = post_admin_change(
        client, program, reach_target=3100, **{"tiers-TOTAL_FORMS": 3, "tiers-INITIAL_FORMS": 3,
                                               **{f"tiers-{i}-id": t.pk for i, t in enumerate(program.tiers.all())},
                                               **{f"tiers-{i}-program": program.pk for i in range(3)}}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    program.refresh_from_db()
    assert program.reach_target == 3100
    [event] = _events(AuditEventType.PROGRAM_CHANGED, program)
    assert event.data["changes"] == {"reach_target": {"old": 3000, "new": 3100}}


def test_nothing_changed_records_nothing():
    amorcage = tier()
    services.save_tier(actor=StaffUserFactory(), tier=amorcage, fields=["quota"])
    assert not _events(AuditEventType.TIER_CHANGED, amorcage)
