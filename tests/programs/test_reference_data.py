from decimal import Decimal

import pytest
from django.apps import apps

from programs.models import (
    CentraideOffice,
    CriteriaSet,
    Criterion,
    GrantTier,
    Program,
    Region,
)
from programs.reference_data import load_reference_data


@pytest.mark.django_db
def test_the_seventeen_regions_exist_with_official_codes():
    codes = list(Region.objects.values_list("code", flat=True))
    assert codes == [f"{n:02d}" for n in range(1, 18)]
    assert Region.objects.get(code="06").name == "Montréal"


@pytest.mark.django_db
def test_every_region_is_covered_by_a_centraide_office():
    uncovered = Region.objects.filter(offices__isnull=True)
    assert not uncovered.exists()
    assert CentraideOffice.objects.get(name="Centraide du Grand Montréal").regions.filter(code="06").exists()


@pytest.mark.django_db
def test_the_program_is_dataide_as_announced():
    program = Program.objects.get(code="dataide")
    assert program.budget == Decimal("5400000")
    assert program.reach_target == 3000
    assert program.operator == "Centraide du Grand Montréal"
    assert "Solidarité sociale" in program.funder
    assert (program.ends_on - program.starts_on).days in range(1090, 1100)  # three years


@pytest.mark.django_db
def test_the_three_tiers_with_their_quotas_and_gates():
    tiers = {t.code: t for t in GrantTier.objects.all()}
    assert {code: t.quota for code, t in tiers.items()} == {"amorcage": 410, "acceleration": 93, "innovation": 7}
    assert tiers["amorcage"].max_amount == Decimal("5000")
    assert {code: t.gate for code, t in tiers.items()} == {
        "amorcage": "webinar",
        "acceleration": "nord_ouvert",
        "innovation": "leadership_lab",
    }
    # The envelopes hold the quota at the maximum amount, and all grants fit in the program budget.
    for t in tiers.values():
        assert t.budget_envelope <= t.quota * t.max_amount
    assert sum(t.budget_envelope for t in tiers.values()) < Program.objects.get().budget


@pytest.mark.django_db
def test_each_tier_has_published_criteria_weighing_100_with_six_levels():
    for grant_tier in GrantTier.objects.with_current_criteria():
        criteria_set = grant_tier.current_criteria_set
        assert criteria_set is not None and criteria_set.published_at
        assert criteria_set.total_weight == Decimal("100")
        for criterion in criteria_set.criteria.all():
            assert [level.score for level in criterion.levels.all()] == [0, 1, 2, 3, 4, 5]
            assert criterion.label_en and criterion.description_en
    labels = set(Criterion.objects.filter(criteria_set__tier__code="acceleration").values_list("label_fr", flat=True))
    assert "Gouvernance des données et confidentialité" in labels


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_keeps_staff_edits():
    amorcage = GrantTier.objects.get(code="amorcage")
    amorcage.quota = 400
    amorcage.save()
    counts = [m.objects.count() for m in (Region, CentraideOffice, Program, GrantTier, CriteriaSet, Criterion)]

    load_reference_data(apps)

    assert [m.objects.count() for m in (Region, CentraideOffice, Program, GrantTier, CriteriaSet, Criterion)] == counts
    assert GrantTier.objects.get(code="amorcage").quota == 400
