import pytest
from django.db import IntegrityError, transaction

from tests.factories import MembershipFactory, OrganismeFactory


@pytest.mark.django_db
def test_neq_is_unique():
    OrganismeFactory(neq="1160000001")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganismeFactory(neq="1160000001")


@pytest.mark.django_db
@pytest.mark.parametrize("neq", ["123", "11600000AB"])
def test_database_refuses_malformed_neq_even_without_validators(neq):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganismeFactory(neq=neq)


@pytest.mark.django_db
def test_database_refuses_malformed_charity_number():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganismeFactory(charity_number="123RR1")


@pytest.mark.django_db
def test_charity_number_is_optional():
    assert OrganismeFactory(charity_number="").pk


@pytest.mark.django_db
def test_membership_is_unique_per_user_and_organisme():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=membership.user, organisme=membership.organisme)
