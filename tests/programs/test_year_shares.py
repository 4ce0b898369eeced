"""Yearly shares are configuration: changed through an audited service (the admin calls it) that
keeps the shares within the tier's quota and envelope, and each share above what its year has
already awarded (counted by applications through programs.usage, by decision date)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from programs import services
from programs.models import GrantTier, YearShare
from programs.years import program_year_of
from tests.factories import ApplicationFactory, StaffUserFactory, tier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def _year(grant_tier) -> int:
    return program_year_of(grant_tier.program, timezone.localdate())


def _save(grant_tier, year, places, envelope, actor=None):
    share = YearShare(tier=grant_tier, year=year, places=places, envelope=Decimal(envelope))
    return services.save_year_share(actor=actor or StaffUserFactory(), share=share)


def _codes(excinfo, field):
    return [error.code for error in excinfo.value.error_dict[field]]


def test_the_three_amorcage_shares_are_recorded_with_who_and_what():
    staff = StaffUserFactory()
    amorcage = tier()
    for year, places in ((1, 140), (2, 140), (3, 130)):
        _save(amorcage, year, places, places * 5000, actor=staff)

    assert list(amorcage.year_shares.values_list("year", "places")) == [(1, 140), (2, 140), (3, 130)]
    events = AuditEvent.objects.filter(action=AuditEventType.YEAR_SHARE_CHANGED)
    assert events.count() == 3 and all(event.actor == staff for event in events)
    assert events.order_by("pk").first().data["changes"]["places"] == {"old": None, "new": 140}


def test_shares_cannot_add_up_to_more_than_the_quota_or_the_envelope():
    amorcage = tier()  # 410 grants, 2 050 000 $
    _save(amorcage, 1, 140, 700000)
    _save(amorcage, 2, 140, 700000)
    with pytest.raises(ValidationError) as refused:
        _save(amorcage, 3, 131, 650001)
    assert _codes(refused, "places") == ["shares_above_quota"]
    assert _codes(refused, "envelope") == ["shares_above_envelope"]
    assert "411 bourses, plus que les 410" in refused.value.error_dict["places"][0].messages[0]
    assert not amorcage.year_shares.filter(year=3).exists()
    _save(amorcage, 3, 130, 650000)  # exactly the rest: allowed


def test_a_share_cannot_go_below_what_its_year_has_already_awarded():
    amorcage = tier()
    for _ in range(2):
        ApplicationFactory(
            tier=amorcage, status=S.AWARDED, amount_requested=Decimal(4000), amount_awarded=Decimal(4000),
            decided_at=timezone.now(),
        )
    year = _year(amorcage)
    with pytest.raises(ValidationError) as refused:
        _save(amorcage, year, 1, "7999")
    assert _codes(refused, "places") == ["share_below_awards"]
    assert _codes(refused, "envelope") == ["share_envelope_below_awards"]
    # Another year has awarded nothing: any share fits there.
    _save(amorcage, year % 3 + 1, 0, 0)
    _save(amorcage, year, 2, 8000)


def test_a_year_outside_the_program_is_refused():
    with pytest.raises(ValidationError) as refused:
        _save(tier(), 4, 10, 1000)
    assert _codes(refused, "year") == ["year_outside_program"]


def test_the_quota_cannot_go_below_the_shares():
    amorcage = tier()
    _save(amorcage, 1, 200, 1000000)
    _save(amorcage, 2, 200, 1000000)
    amorcage.quota = 399
    with pytest.raises(ValidationError) as refused:
        services.save_tier(actor=StaffUserFactory(), tier=amorcage, fields=["quota"])
    assert _codes(refused, "quota") == ["quota_below_shares"]
    assert GrantTier.objects.get(pk=amorcage.pk).quota == 410


def test_removing_a_share_is_audited_on_the_tier():
    staff = StaffUserFactory()
    amorcage = tier()
    share = _save(amorcage, 1, 140, 700000)
    services.delete_year_share(actor=staff, share=share)
    assert not YearShare.objects.exists()
    [event] = AuditEvent.objects.for_object(amorcage).filter(action=AuditEventType.YEAR_SHARE_DELETED)
    assert event.actor == staff and event.data == {"year": 1, "places": 140, "envelope": "700000.00"}


def test_staff_add_and_change_a_share_in_the_admin(client):
    staff = StaffUserFactory()
    login_staff(client, staff)
    amorcage = tier()
    add = reverse("admin:programs_yearshare_add")
    response = client.post(add, {"tier": amorcage.pk, "year": 1, "places": 140, "envelope": "700000", "_save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    share = YearShare.objects.get()
    assert AuditEvent.objects.for_object(share).get().action == AuditEventType.YEAR_SHARE_CHANGED

    change = reverse("admin:programs_yearshare_change", args=[share.pk])
    response = client.post(change, {"places": 500, "envelope": "700000", "_save": "1"})
    assert response.status_code == 200  # the form again, the reason beside the field
    assert "500 bourses, plus que les 410" in response.content.decode()
    share.refresh_from_db()
    assert share.places == 140

    response = client.get(reverse("admin:programs_granttier_change", args=[amorcage.pk]))
    assert "année 1 : 140 bourses, 700\xa0000\xa0$" in response.content.decode()
