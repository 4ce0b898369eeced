"""The responsible person edits the organisme's profile; every change is audited and shown in the
admin's history; collaborators and the NEQ are left out."""

import pytest
from django.urls import reverse

from dataide.audit.models import AuditEvent
from organismes.models import MembershipRole
from tests.applications.pages import page
from tests.factories import MembershipFactory, OrganismeFactory, region
from tests.organismes.factories import member_of
from tests.staff.factories import signed_in_team

pytestmark = pytest.mark.django_db

URL = "/fr/organisme/modifier/"


def _form(organisme, **changes):
    data = {
        "legal_name": organisme.legal_name, "region": organisme.region_id,
        "street_address": organisme.street_address, "city": organisme.city,
        "postal_code": organisme.postal_code, "staff_count": organisme.staff_count,
        "volunteer_count": organisme.volunteer_count, "mission": organisme.mission,
        "preferred_language": organisme.preferred_language,
    }
    return {**data, **changes}


def test_responsible_edits_the_profile_audited_with_old_and_new_values(client):
    organisme = OrganismeFactory(legal_name="Le Pignon bleu", staff_count=3)
    client.force_login(member_of(organisme))
    assert reverse("organismes:edit_profile") == URL
    assert 'value="Le Pignon bleu"' in page(client.get(URL))

    laval = region("13")
    response = client.post(URL, _form(
        organisme, legal_name="Le Pignon rouge", staff_count="5", region=laval.pk,
        postal_code="h7n1a1", preferred_language="en", neq="9999999999",
    ))
    assert response.status_code == 302
    organisme.refresh_from_db()
    assert (organisme.legal_name, organisme.staff_count, organisme.region, organisme.postal_code) == (
        "Le Pignon rouge", 5, laval, "H7N 1A1")
    assert organisme.preferred_language == "en"
    assert organisme.neq.startswith("11")  # the NEQ is not on the form: only staff change it

    event = AuditEvent.objects.get(action="organisme.profile_changed")
    assert event.data["changes"]["legal_name"] == {"old": "Le Pignon bleu", "new": "Le Pignon rouge"}
    assert event.data["changes"]["staff_count"] == {"old": 3, "new": 5}
    assert event.data["changes"]["region"]["new"] == str(laval)
    assert "mission" not in event.data["changes"]  # unchanged fields are not in the trail

    signed_in_team(client)
    history = page(client.get(reverse("admin:organismes_organisme_change", args=[organisme.pk])))
    assert "Profil de l'organisme modifié" in history
    assert "Le Pignon bleu → Le Pignon rouge" in history


def test_saving_without_changes_records_nothing(client):
    organisme = OrganismeFactory()
    client.force_login(member_of(organisme))
    assert client.post(URL, _form(organisme)).status_code == 302
    assert not AuditEvent.objects.filter(action="organisme.profile_changed").exists()


def test_invalid_input_is_explained_and_typed_data_kept(client):
    organisme = OrganismeFactory(legal_name="Le Pignon bleu")
    client.force_login(member_of(organisme))
    html = page(client.post(URL, _form(organisme, legal_name="Le Pignon vert", postal_code="123")))
    assert 'value="Le Pignon vert"' in html
    assert "is-invalid" in html
    organisme.refresh_from_db()
    assert organisme.legal_name == "Le Pignon bleu"


def test_a_collaborator_is_refused(client):
    organisme = OrganismeFactory(legal_name="Le Pignon bleu")
    client.force_login(member_of(organisme, MembershipRole.COLLABORATOR))
    response = client.get(URL, follow=True)
    assert "Seule la personne responsable de l'organisme peut modifier son profil." in page(response)
    client.post(URL, _form(organisme, legal_name="Pris en otage"))
    organisme.refresh_from_db()
    assert organisme.legal_name == "Le Pignon bleu"
    assert not AuditEvent.objects.filter(action="organisme.profile_changed").exists()


def test_the_switcher_decides_which_organisme_is_edited(client):
    first, second = OrganismeFactory(legal_name="Premier"), OrganismeFactory(legal_name="Second")
    person = member_of(first)
    MembershipFactory(user=person, organisme=second, role=MembershipRole.RESPONSIBLE)
    client.force_login(person)
    client.post(reverse("organismes:act_for", args=[second.pk]))
    assert 'value="Second"' in page(client.get(URL))
    client.post(URL, _form(second, legal_name="Second renommé"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.legal_name, second.legal_name) == ("Premier", "Second renommé")
