from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from dataide.accounts.models import User
from dataide.accounts.roles import Role
from dataide.management.commands.seed_demo import DEMO_PASSWORD
from organismes.models import Membership, MembershipRole, Organisme


def _snapshot():
    return (
        list(User.objects.order_by("email").values_list("email", "password")),
        list(Organisme.objects.order_by("neq").values_list("neq", "legal_name", "region__code")),
        Membership.objects.count(),
        EmailAddress.objects.count(),
    )


@pytest.mark.django_db
def test_seed_demo_creates_every_role_and_three_organismes_in_three_regions():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = out.getvalue()

    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    assert User.objects.filter(groups__name=Role.COMMITTEE_MEMBER.value).count() == 4
    organismes = Organisme.objects.all()
    assert organismes.count() == 3 and len({o.region_id for o in organismes}) == 3
    assert Membership.objects.filter(role=MembershipRole.RESPONSIBLE).count() == 3
    assert not EmailAddress.objects.filter(verified=False).exists()
    for user in User.objects.all():
        assert user.email in printed and user.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in printed
    regional = User.objects.get(groups__name=Role.REGIONAL_CENTRAIDE.value)
    assert regional.centraide_offices.exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert _snapshot() == first
