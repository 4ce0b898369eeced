"""Roles and permissions read from the cache (dataide.accounts.authz): fewer queries on every page,
and never a stale answer after a change of groups or permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dataide.accounts.models import User
from dataide.accounts.roles import Role
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PERMISSION = "applications.view_application"


def _fresh(user):
    """The user as the next request loads it: no per-object caches."""
    return User.objects.get(pk=user.pk)


def test_the_second_request_reads_roles_and_permissions_without_a_query():
    staff = StaffUserFactory()
    assert _fresh(staff).has_perm(PERMISSION) and _fresh(staff).has_role(Role.DATAIDE_TEAM)
    again = _fresh(staff)
    with CaptureQueriesContext(connection) as queries:
        assert again.has_perm(PERMISSION) and again.has_role(Role.DATAIDE_TEAM)
    assert len(queries) == 0


def test_a_role_given_or_taken_counts_at_once():
    person = UserFactory()
    assert not _fresh(person).has_perm(PERMISSION) and not _fresh(person).has_role(Role.DATAIDE_TEAM)
    team = Group.objects.get(name=Role.DATAIDE_TEAM.value)
    person.groups.add(team)
    assert _fresh(person).has_perm(PERMISSION) and _fresh(person).has_role(Role.DATAIDE_TEAM)
    person.groups.remove(team)
    assert not _fresh(person).has_perm(PERMISSION) and not _fresh(person).has_role(Role.DATAIDE_TEAM)


def test_a_permission_taken_from_a_group_counts_at_once():
    staff = StaffUserFactory()
    assert _fresh(staff).has_perm(PERMISSION)
    team = Group.objects.get(name=Role.DATAIDE_TEAM.value)
    team.permissions.remove(Permission.objects.get(codename="view_application", content_type__app_label="applications"))
    assert not _fresh(staff).has_perm(PERMISSION)


def test_a_deactivated_account_has_no_permission_though_it_was_cached():
    staff = StaffUserFactory()
    assert _fresh(staff).has_perm(PERMISSION)
    User.objects.filter(pk=staff.pk).update(is_active=False)
    assert not _fresh(staff).has_perm(PERMISSION)
