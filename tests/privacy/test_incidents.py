"""The confidentiality incident register: the Regulation's fields, the DATAide team only, audited,
kept five years."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.privacy import services
from dataide.privacy.models import ConfidentialityIncident
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db

FORM = {
    "information_concerned": "Courriels et noms de 12 personnes responsables.",
    "circumstances": "Un export envoyé au mauvais destinataire.",
    "occurred_from": "2026-11-02", "occurred_until": "", "aware_on": "2026-11-03", "persons_count": "12",
    "risk_assessment": "Renseignements peu sensibles ; destinataire connu qui a confirmé la suppression.",
    "commission_notified_on": "", "persons_notified_on": "2026-11-04", "public_notice": "",
    "measures": "Demande de suppression confirmée ; exports limités à l'équipe.",
}


def test_the_dataide_team_records_an_incident_in_the_admin_and_it_is_audited(client):
    login_staff(client, StaffUserFactory())
    response = client.post(reverse("admin:privacy_confidentialityincident_add"), FORM)
    assert response.status_code == 302, response.context["adminform"].form.errors
    incident = ConfidentialityIncident.objects.get()
    assert (incident.persons_count, incident.persons_notified_on) == (12, datetime.date(2026, 11, 4))
    assert AuditEvent.objects.filter(action="privacy.incident_recorded", data__persons=12).exists()

    client.post(reverse("admin:privacy_confidentialityincident_change", args=[incident.pk]),
                {**FORM, "commission_notified_on": "2026-11-05"})
    event = AuditEvent.objects.get(action="privacy.incident_changed")
    assert event.data["changes"]["commission_notified_on"]["new"] == "2026-11-05"


def test_a_period_that_ends_before_it_starts_is_refused_with_everything_kept(client):
    login_staff(client, StaffUserFactory())
    response = client.post(reverse("admin:privacy_confidentialityincident_add"), {**FORM, "occurred_until": "2026-10-01"})
    assert response.status_code == 200
    assert "La fin de la période suit son début." in response.content.decode()
    assert FORM["circumstances"] in response.content.decode()
    assert not ConfidentialityIncident.objects.exists()


@pytest.mark.parametrize("make_staff", [lambda: regional_staff(ESTRIE), lambda: StaffUserFactory(roles=[])])
def test_other_staff_neither_see_nor_record_the_register(client, make_staff):
    staff = make_staff()
    login_staff(client, staff)
    assert client.get(reverse("admin:privacy_confidentialityincident_changelist")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_incident(actor=staff, **{**FORM, "persons_count": 1})


def test_an_entry_cannot_be_deleted_before_five_years(client):
    staff = StaffUserFactory()
    login_staff(client, staff)
    recent = services.record_incident(
        actor=staff, **{**FORM, "occurred_from": datetime.date(2026, 11, 2), "aware_on": datetime.date(2026, 11, 3),
                        "occurred_until": None, "persons_count": 12, "commission_notified_on": None,
                        "persons_notified_on": None},
    )
    assert client.get(reverse("admin:privacy_confidentialityincident_delete", args=[recent.pk])).status_code == 403
    assert recent.keep_until == datetime.date(2031, 11, 3)
