import pytest
from django.core.exceptions import ValidationError

from organismes.validators import (
    normalize_charity_number,
    normalize_neq,
    normalize_postal_code,
    validate_charity_number,
    validate_neq,
    validate_postal_code,
)
from tests.factories import OrganismeFactory


@pytest.mark.parametrize("value", ["1140000000", "114 000 0000", "114-000-0000"])
def test_neq_accepts_ten_digits_with_separators(value):
    validate_neq(value)
    assert normalize_neq(value) == "1140000000"


@pytest.mark.parametrize("value", ["", "114000000", "11400000000", "11400000AB", "１１４００００００"])
def test_neq_rejects_anything_but_ten_digits(value):
    with pytest.raises(ValidationError) as error:
        validate_neq(value)
    assert error.value.code == "invalid_neq"


@pytest.mark.parametrize("value", ["123456789RR0001", "123456789 rr 0001", "123456789-RR-0001"])
def test_charity_number_accepts_cra_format(value):
    validate_charity_number(value)
    assert normalize_charity_number(value) == "123456789RR0001"


@pytest.mark.parametrize("value", ["123456789RC0001", "12345678RR0001", "123456789RR001", "RR0001123456789"])
def test_charity_number_rejects_other_forms(value):
    with pytest.raises(ValidationError) as error:
        validate_charity_number(value)
    assert error.value.code == "invalid_charity_number"


@pytest.mark.parametrize("value,expected", [("h2x1y4", "H2X 1Y4"), ("H2X 1Y4", "H2X 1Y4"), ("g5l-1a1", "G5L 1A1")])
def test_postal_code_normalized(value, expected):
    validate_postal_code(value)
    assert normalize_postal_code(value) == expected


@pytest.mark.parametrize("value", ["H2X1Y", "D2X 1Y4", "12345", "H2X 1Y44"])
def test_postal_code_rejected(value):
    with pytest.raises(ValidationError):
        validate_postal_code(value)


@pytest.mark.django_db
def test_full_clean_stores_identifiers_in_canonical_form():
    organisme = OrganismeFactory.build(neq="116 000 0042", charity_number="123456789 rr 0001", postal_code="h2l2h2")
    organisme.full_clean()
    assert (organisme.neq, organisme.charity_number, organisme.postal_code) == (
        "1160000042",
        "123456789RR0001",
        "H2L 2H2",
    )


@pytest.mark.django_db
def test_full_clean_reports_each_bad_identifier_in_french():
    organisme = OrganismeFactory.build(neq="123", charity_number="42", postal_code="nope")
    with pytest.raises(ValidationError) as error:
        organisme.full_clean()
    messages = error.value.message_dict
    assert "10 chiffres" in messages["neq"][0]
    assert "123456789RR0001" in messages["charity_number"][0]
    assert "H2X 1Y4" in messages["postal_code"][0]
