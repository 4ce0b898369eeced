"""The public privacy page, its versions and its person in charge; the registry behind it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.privacy import registry, services
from dataide.privacy.models import PrivacyNotice
from tests.factories import StaffUserFactory, UserFactory
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db


def test_the_page_is_public_and_every_page_links_to_it(client):
    page = client.get(reverse("privacy:notice"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Responsable de la protection des renseignements personnels" in text
    assert "confidentialite@centraide-mtl.org" in text
    # Every category the apps declare is on the page, with its purpose and retention.
    for category in registry.categories(registry.PERSON) + registry.categories(registry.ORGANISME):
        assert str(category.label).replace("'", "&#x27;") in text
    home = client.get(reverse("account_signup")).content.decode()
    assert reverse("privacy:notice") in home  # the footer, on sign-up as on every page


def test_the_page_speaks_english(client):
    page = client.get("/en/confidentialite/")
    assert "Centraide of Greater Montreal runs the DATAide program" in page.content.decode()


def test_the_apps_declare_what_they_hold():
    keys = {category.key for category in registry.categories(registry.ORGANISME)}
    assert {"organismes.profile", "organismes.members", "applications.applications", "applications.attachments",
            "applications.decisions", "trainings.trainings", "privacy.reads"} <= keys
    assert {"accounts.profile", "privacy.consents", "outbox.messages", "committees.seats"} <= {
        category.key for category in registry.categories(registry.PERSON)
    }


def test_staff_publish_a_new_version_and_the_old_one_stays(client):
    staff = StaffUserFactory()
    notice = services.publish_notice(actor=staff, text_fr="Nouveau texte.", text_en="New text.")
    assert notice.version == 2
    assert PrivacyNotice.objects.filter(version=1).exists()
    assert AuditEvent.objects.filter(action="privacy.notice_published", data__version=2).exists()
    assert "Nouveau texte." in client.get(reverse("privacy:notice")).content.decode()
    with pytest.raises(ValidationError):
        services.publish_notice(actor=staff, text_fr=" ", text_en="New text.")


def test_staff_change_the_person_in_charge_and_it_is_audited(client):
    services.update_officer(actor=StaffUserFactory(), title="Directrice des affaires juridiques",
                            email="Vie.Privee@centraide-mtl.org", phone="514 288-1261")
    text = client.get(reverse("privacy:notice")).content.decode()
    assert "Directrice des affaires juridiques" in text and "vie.privee@centraide-mtl.org" in text
    event = AuditEvent.objects.get(action="privacy.officer_changed")
    assert event.data["changes"]["title"]["new"] == "Directrice des affaires juridiques"


@pytest.mark.parametrize("make_actor", [UserFactory, lambda: regional_staff(ESTRIE)])
def test_only_the_dataide_team_edits_the_notice(make_actor):
    with pytest.raises(PermissionDenied):
        services.update_officer(actor=make_actor(), title="X", email="x@exemple.org")
    with pytest.raises(PermissionDenied):
        services.publish_notice(actor=make_actor(), text_fr="X", text_en="X")
