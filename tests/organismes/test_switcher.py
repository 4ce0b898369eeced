"""A person in several organismes chooses the one they act for; every page acts for it alone."""

import re

import pytest
from django.urls import reverse

from organismes.models import Membership, MembershipRole
from tests.applications.factories import complete_draft
from tests.applications.pages import page
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory
from tests.organismes.factories import InvitationFactory, JoinRequestFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organismes():
    """Julie joined « Le Pignon bleu » first, then « La Maison des jeunes »; each has a draft and
    a colleague of its own."""
    person = UserFactory(full_name="Julie Lavoie")
    first = OrganismeFactory(legal_name="Le Pignon bleu")
    second = OrganismeFactory(legal_name="La Maison des jeunes")
    MembershipFactory(user=person, organisme=first, role=MembershipRole.RESPONSIBLE)
    MembershipFactory(user=person, organisme=second, role=MembershipRole.RESPONSIBLE)
    colleagues = {
        first: member_of(first, MembershipRole.COLLABORATOR, email="marc@pignon.org"),
        second: member_of(second, MembershipRole.COLLABORATOR, email="lea@maison.org"),
    }
    drafts = {first: complete_draft(first), second: complete_draft(second)}
    return person, first, second, colleagues, drafts


def acting_for(html: str) -> str | None:
    """The organisme the navbar says the page acts for."""
    found = re.search(r'id="organisme-actif".*?Vous agissez pour</span>\s*<strong>(.*?)</strong>', html, re.S)
    return found.group(1) if found else None


def _act_for(client, organisme):
    return client.post(reverse("organismes:act_for", args=[organisme.pk]))


def test_each_page_acts_for_the_chosen_organisme_and_shows_nothing_of_the_other(client, two_organismes):
    person, first, second, colleagues, drafts = two_organismes
    client.force_login(person)

    # Without a choice, the oldest membership; the navbar says so and offers the other.
    html = page(client.get(reverse("organismes:dashboard")))
    assert acting_for(html) == "Le Pignon bleu"
    assert reverse("organismes:act_for", args=[second.pk]) in html

    response = _act_for(client, second)
    assert response.status_code == 302 and response.url == reverse("organismes:dashboard")

    dashboard = page(client.get(reverse("organismes:dashboard")))
    assert "<h1>La Maison des jeunes</h1>" in dashboard
    assert acting_for(dashboard) == "La Maison des jeunes"
    assert reverse("applications:detail", args=[drafts[second].pk]) in dashboard
    assert reverse("applications:detail", args=[drafts[first].pk]) not in dashboard

    team = page(client.get(reverse("organismes:team")))
    assert acting_for(team) == "La Maison des jeunes"
    assert "lea@maison.org" in team and "marc@pignon.org" not in team

    # The other organisme's application is as unknown as a stranger's, on every applicant page.
    assert client.get(reverse("applications:detail", args=[drafts[second].pk])).status_code == 200
    for name in ("applications:detail", "applications:review", "applications:pdf"):
        assert client.get(reverse(name, args=[drafts[first].pk])).status_code == 404, name
    assert client.get(reverse("applications:step", args=[drafts[first].pk, "besoin"])).status_code == 404


def test_team_actions_reach_only_the_organisme_acted_for(client, two_organismes):
    person, first, second, colleagues, drafts = two_organismes
    client.force_login(person)
    _act_for(client, second)
    other_membership = Membership.objects.get(user=colleagues[first])
    other_request = JoinRequestFactory(organisme=first)
    other_invitation = InvitationFactory(organisme=first)

    assert client.post(reverse("organismes:remove_member", args=[other_membership.pk])).status_code == 404
    assert client.post(reverse("organismes:approve_join_request", args=[other_request.pk])).status_code == 404
    assert client.post(reverse("organismes:cancel_invitation", args=[other_invitation.pk])).status_code == 404
    assert Membership.objects.filter(pk=other_membership.pk).exists()


def test_switching_to_an_organisme_one_is_not_a_member_of_is_404(client, two_organismes):
    person, first, second, colleagues, drafts = two_organismes
    client.force_login(person)
    stranger = OrganismeFactory(legal_name="Un organisme inconnu")

    assert _act_for(client, stranger).status_code == 404
    assert client.get(reverse("organismes:act_for", args=[second.pk])).status_code == 405
    assert "<h1>Le Pignon bleu</h1>" in page(client.get(reverse("organismes:dashboard")))


def test_the_last_choice_is_where_the_next_session_starts(client, two_organismes):
    person, first, second, colleagues, drafts = two_organismes
    client.force_login(person)
    _act_for(client, second)
    client.logout()

    client.force_login(person)
    assert "<h1>La Maison des jeunes</h1>" in page(client.get(reverse("organismes:dashboard")))


def test_a_membership_removed_meanwhile_falls_back_to_another(client, two_organismes):
    person, first, second, colleagues, drafts = two_organismes
    client.force_login(person)
    _act_for(client, second)
    Membership.objects.filter(user=person, organisme=second).delete()

    response = client.get(reverse("organismes:dashboard"))
    assert response.status_code == 200 and "<h1>Le Pignon bleu</h1>" in page(response)
    assert client.get(reverse("applications:detail", args=[drafts[second].pk])).status_code == 404

    Membership.objects.filter(user=person).delete()
    response = client.get(reverse("organismes:dashboard"))
    assert response.status_code == 302 and response.url == reverse("organismes:start")


def test_a_single_organisme_is_named_without_a_switcher(client):
    organisme = OrganismeFactory(legal_name="Le Pignon bleu")
    client.force_login(member_of(organisme))
    html = page(client.get(reverse("organismes:team")))
    assert acting_for(html) == "Le Pignon bleu"
    assert "Agir pour un autre organisme" not in html


def test_the_dashboard_costs_the_same_queries_with_more_organismes(client, django_assert_max_num_queries):
    person = UserFactory()
    MembershipFactory(user=person)
    client.force_login(person)
    client.get(reverse("organismes:dashboard"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("organismes:dashboard"))
    one_organisme = len(few.captured_queries)  # read now: every request empties Django's query log
    for _ in range(5):
        MembershipFactory(user=person)
    client.get(reverse("organismes:dashboard"))  # the header's cached facts, forgotten by the new memberships
    with django_assert_max_num_queries(one_organisme):
        client.get(reverse("organismes:dashboard"))
