from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from programs import services
from programs.models import CriteriaSet, CriterionLevel, GrantTier, Region
from tests.factories import StaffUserFactory, tier


def _save_fails(instance, **changes):
    for field, value in changes.items():
        setattr(instance, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.django_db
def test_tier_quota_cannot_be_negative():
    _save_fails(tier(), quota=-1)


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5")])
def test_tier_max_amount_must_be_positive(amount):
    _save_fails(tier(), max_amount=amount)


@pytest.mark.django_db
def test_tier_budget_envelope_cannot_be_negative():
    _save_fails(tier(), budget_envelope=Decimal("-1"))


@pytest.mark.django_db
def test_tier_window_must_close_after_it_opens():
    amorcage = tier()
    _save_fails(amorcage, window_closes_on=amorcage.window_opens_on - timedelta(days=1))


@pytest.mark.django_db
def test_tier_code_unique_within_program():
    amorcage = tier()
    duplicate = GrantTier.objects.get(pk=amorcage.pk)
    duplicate.pk = None
    duplicate.number_prefix = "XXX"
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_quota_zero_is_allowed_staff_can_close_a_tier():
    amorcage = tier()
    amorcage.quota = 0
    amorcage.save()
    assert GrantTier.objects.get(pk=amorcage.pk).quota == 0


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["00", "18", "6", "AB"])
def test_region_code_is_an_official_code(code):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code=code, name="Inventée")


def _draft_criterion():
    """Criteria of a draft version: published ones are frozen (tests/programs/test_criteria_versions)."""
    return services.create_criteria_draft(actor=StaffUserFactory(), tier=tier()).criteria.first()


@pytest.mark.django_db
def test_criterion_weight_must_be_positive():
    criterion = _draft_criterion()
    _save_fails(criterion, weight=Decimal("0"))


@pytest.mark.django_db
def test_criterion_level_is_between_0_and_5_and_unique():
    criterion = _draft_criterion()
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionLevel.objects.create(criterion=criterion, score=6, descriptor_fr="Trop haut")
    with pytest.raises(IntegrityError), transaction.atomic():
        CriterionLevel.objects.create(criterion=criterion, score=3, descriptor_fr="Doublon")


@pytest.mark.django_db
def test_criteria_version_unique_per_tier():
    existing = CriteriaSet.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CriteriaSet.objects.create(tier=existing.tier, version=existing.version)
