import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from dataide.accounts.roles import Role, sync_role_permissions
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import login_staff


@pytest.mark.django_db
def test_the_four_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


@pytest.mark.django_db
def test_dataide_team_runs_the_program():
    user = UserFactory(is_staff=True, roles=[Role.DATAIDE_TEAM])
    for perm in [
        "programs.change_granttier",
        "programs.add_criterion",
        "organismes.change_organisme",
        "applications.change_application",
        "applications.decide_application",
        "audit.view_auditevent",
    ]:
        assert user.has_perm(perm), perm


@pytest.mark.django_db
def test_regional_centraide_follows_but_cannot_change_the_program():
    user = UserFactory(is_staff=True, roles=[Role.REGIONAL_CENTRAIDE])
    assert user.has_perm("organismes.view_organisme")
    assert user.has_perm("applications.change_application")
    assert not user.has_perm("applications.decide_application")  # the DATAide team decides
    assert not user.has_perm("programs.change_granttier")
    assert not user.has_perm("organismes.delete_organisme")
    assert not user.has_perm("applications.delete_application")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.NORD_OUVERT_TRAINER])
def test_committee_members_and_trainers_hold_no_admin_permission(role):
    user = UserFactory(roles=[role])
    assert not user.get_all_permissions()


@pytest.mark.django_db
def test_sync_is_idempotent_and_restores_removed_permissions():
    group = Group.objects.get(name=Role.DATAIDE_TEAM.value)
    expected = set(group.permissions.values_list("pk", flat=True))
    group.permissions.clear()
    sync_role_permissions()
    sync_role_permissions()
    assert set(group.permissions.values_list("pk", flat=True)) == expected


@pytest.mark.django_db
def test_organisme_users_have_no_admin_access(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_reach_the_admin_once_enrolled_in_mfa(client):
    login_staff(client, UserFactory(is_staff=True, roles=[Role.DATAIDE_TEAM]))
    response = client.get(reverse("admin:applications_application_changelist"))
    assert response.status_code == 200
