"""A person's account: where each role lands after signing in, and their name."""

import re

import pytest
from django.urls import reverse

from dataide.accounts.roles import Role
from dataide.audit.models import AuditEvent
from organismes.models import MembershipRole
from tests.applications.pages import page
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, OrganismeFactory, UserFactory
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


def _sign_in(client, user, **extra):
    return client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD, **extra})


@pytest.mark.parametrize(
    ("user_kwargs", "landing"),
    [
        ({"is_staff": True, "roles": [Role.DATAIDE_TEAM]}, "admin:index"),
        ({"is_staff": True, "roles": [Role.REGIONAL_CENTRAIDE, Role.COMMITTEE_MEMBER]}, "admin:index"),
        ({"roles": [Role.COMMITTEE_MEMBER]}, "committees:dashboard"),
        ({"roles": [Role.NORD_OUVERT_TRAINER]}, "trainings:trainings_staff:cohorts"),
        ({}, "organismes:dashboard"),
    ],
    ids=["dataide-team", "regional-staff-on-a-committee", "committee-member", "trainer", "organisme"],
)
def test_after_login_each_role_lands_where_it_works(client, user_kwargs, landing):
    user = UserFactory(**user_kwargs)
    MembershipFactory(user=user)
    response = _sign_in(client, user)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert response.status_code == 302 and response.url == reverse(landing)


def test_a_safe_next_still_wins_and_an_unsafe_one_is_ignored(client):
    member = UserFactory(roles=[Role.COMMITTEE_MEMBER])
    webinars = reverse("trainings:webinars")
    assert _sign_in(client, member, next=webinars).url == webinars
    client.logout()
    assert _sign_in(client, member, next="https://ailleurs.example/").url == reverse("committees:dashboard")


def test_a_person_names_themself_and_the_team_page_shows_the_name(client):
    organisme = OrganismeFactory()
    person = member_of(organisme, full_name="", email="julie@pignon.org")
    client.force_login(person)
    team = _text(client.get(reverse("organismes:team")))
    assert "julie@pignon.org (julie@pignon.org)" not in team
    assert "Ajoutez votre nom" in team  # with a link to the account page

    response = client.post(reverse("accounts:profile"), {"full_name": "  Julie   Lavoie "})
    assert response.status_code == 302
    team = _text(client.get(reverse("organismes:team")))
    assert "Julie Lavoie (julie@pignon.org)" in team and "Ajoutez votre nom" not in team

    event = AuditEvent.objects.get(action="account.name_changed")
    assert event.actor == person and event.target_id == str(person.pk)
    assert event.data == {"old": "", "new": "Julie Lavoie"}


def test_an_empty_name_is_refused_with_a_message_and_nothing_changes(client):
    person = UserFactory(full_name="Julie Lavoie")
    client.force_login(person)
    response = client.post(reverse("accounts:profile"), {"full_name": "   "})
    assert response.status_code == 200
    assert "Indiquez votre nom" in page(response) or "Ce champ est obligatoire" in page(response)
    person.refresh_from_db()
    assert person.full_name == "Julie Lavoie"
    assert not AuditEvent.objects.filter(action="account.name_changed").exists()

    response = client.post(reverse("accounts:profile"), {"full_name": "J" * 151})
    assert response.status_code == 200 and "J" * 151 in page(response)


def test_the_account_page_needs_a_signed_in_person(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_join_request_e_mail_names_the_person_once(client):
    from dataide.outbox.models import OutboxMessage
    from organismes import services

    organisme = OrganismeFactory()
    member_of(organisme, MembershipRole.RESPONSIBLE)
    services.request_to_join(actor=UserFactory(full_name="", email="marc@exemple.org"), organisme=organisme)
    body = OutboxMessage.objects.get(template="join_request").body_text
    assert "marc@exemple.org (marc@exemple.org)" not in body and "marc@exemple.org" in body


@pytest.mark.django_db
def test_the_signed_in_person_is_read_as_django_s_backend_reads_them(django_assert_num_queries):
    """CachedModelBackend.get_user reads the user by SQL compiled once per process: the same
    user, and None for a missing id, an id that is no number, and one who may not sign in."""
    from django.contrib.auth.backends import ModelBackend

    from dataide.accounts.backends import CachedModelBackend
    from tests.factories import UserFactory

    active, inactive = UserFactory(), UserFactory(is_active=False)
    ours, django_s = CachedModelBackend(), ModelBackend()
    for user_id in (str(active.pk), active.pk, str(inactive.pk), str(active.pk + 10_000), "x", None, "1" + "0" * 20):
        expected = django_s.get_user(user_id) if user_id not in ("x", None) else None
        found = ours.get_user(user_id)
        assert (found and (found.pk, found.email, found.password, found.last_login)) == (
            expected and (expected.pk, expected.email, expected.password, expected.last_login)
        ), user_id
    with django_assert_num_queries(1):
        assert ours.get_user(str(active.pk)).pk == active.pk
