import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from dataide.accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.helpers import current_totp_code, enable_totp


@pytest.mark.django_db
@pytest.mark.parametrize(
    "user_kwargs",
    [
        {"is_staff": True, "roles": [Role.DATAIDE_TEAM]},
        {"is_staff": True, "roles": [Role.REGIONAL_CENTRAIDE]},
        {"is_staff": True, "is_superuser": True},
    ],
)
def test_staff_without_mfa_are_sent_to_enrol_before_the_admin(client, user_kwargs):
    client.force_login(UserFactory(**user_kwargs))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_committee_members_and_trainers_must_use_mfa():
    assert UserFactory(roles=[Role.COMMITTEE_MEMBER]).requires_mfa
    assert UserFactory(roles=[Role.NORD_OUVERT_TRAINER]).requires_mfa


@pytest.mark.django_db
def test_organisme_users_may_but_need_not_use_mfa(client):
    user = MembershipFactory().user
    assert not user.requires_mfa
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)
    # The security page is offered, and ordinary pages never push them to enrol.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_login_of_an_enrolled_member_asks_for_the_code(client):
    user = UserFactory(is_staff=True, roles=[Role.DATAIDE_TEAM])
    secret = enable_totp(user)

    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302  # not signed in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_unverified_email_cannot_sign_in(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.url == reverse("account_email_verification_sent")


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "mauvais-mot-de-passe"})
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_whether_mfa_is_on_is_asked_again_once_an_authenticator_changes(client):
    """The middleware reads it with the person's cached facts: removing the authenticator (as the
    security page or the admin does) must send the person to enrol on the very next page."""
    user = UserFactory(is_staff=True, roles=[Role.DATAIDE_TEAM])
    enable_totp(user)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200

    Authenticator.objects.filter(user=user).delete()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")

    enable_totp(user)
    assert client.get(reverse("admin:index")).status_code == 200
