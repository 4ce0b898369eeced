"""Failed logins are throttled per address and per account from that address: a stranger's wrong
passwords never lock the owner out, and one address cannot keep guessing."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.applications.pages import page
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")
STRANGER, OWNER = "203.0.113.7", "198.51.100.20"
THROTTLED = "Trop de tentatives de connexion échouées depuis votre réseau."


def _attempt(client, email, password, address):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def test_a_strangers_failures_do_not_lock_the_owner_out():
    owner = UserFactory()
    stranger = Client()
    for _ in range(5):
        assert _attempt(stranger, owner.email, "mauvais-mot-de-passe", STRANGER).status_code == 200
    # The owner, from their own address, signs in at once…
    client = Client()
    response = _attempt(client, owner.email, DEFAULT_PASSWORD, OWNER)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(owner.pk)
    # …while the stranger stays held back on this account, even with the right password.
    response = _attempt(stranger, owner.email, DEFAULT_PASSWORD, STRANGER)
    assert "_auth_user_id" not in stranger.session and THROTTLED in page(response)


def test_ten_failures_from_one_address_are_throttled_with_the_way_out():
    users = UserFactory.create_batch(11)
    client = Client()
    for user in users[:10]:  # one wrong password on each of ten accounts
        assert THROTTLED not in page(_attempt(client, user.email, "mauvais-mot-de-passe", STRANGER))
    response = _attempt(client, users[10].email, DEFAULT_PASSWORD, STRANGER)
    html = page(response)
    assert "_auth_user_id" not in client.session and THROTTLED in html
    assert f"« Mot de passe oublié ? » : {reverse('account_reset_password')}" in html
    # Another address is not held back.
    other = Client()
    assert _attempt(other, users[10].email, DEFAULT_PASSWORD, OWNER).status_code == 302
