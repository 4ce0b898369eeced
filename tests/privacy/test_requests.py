"""Requests staff handle (access, correction, deletion), with the 30-day deadline in the queue."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dataide.audit.models import AuditEvent
from dataide.privacy import services
from dataide.privacy.models import PrivacyRequest
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff

pytestmark = pytest.mark.django_db


def test_a_request_gets_its_30_day_deadline_shown_in_the_staff_queue(client):
    login_staff(client, StaffUserFactory())
    received = timezone.localdate() - datetime.timedelta(days=10)
    response = client.post(reverse("admin:privacy_privacyrequest_add"), {
        "kind": "deletion", "requester_email": "Julie@Exemple.org", "organisme_name": "Maison de quartier",
        "details": "Supprimer les données de l'organisme.", "received_on": received.isoformat(),
    })
    assert response.status_code == 302
    request = PrivacyRequest.objects.get()
    assert request.due_on == received + datetime.timedelta(days=30)
    queue = client.get(reverse("admin:privacy_privacyrequest_changelist")).content.decode()
    assert 'class="field-days_left">20<' in queue
    assert AuditEvent.objects.filter(action="privacy.request_recorded", data__kind="deletion").exists()

    client.post(reverse("admin:privacy_privacyrequest_change", args=[request.pk]),
                {"answer": "Données supprimées.", "answered_on": timezone.localdate().isoformat()})
    request.refresh_from_db()
    assert request.answer == "Données supprimées."
    assert AuditEvent.objects.filter(action="privacy.request_answered", data__late=False).exists()


def test_an_answer_is_required_and_what_was_typed_stays(client):
    login_staff(client, StaffUserFactory())
    request = services.record_request(actor=StaffUserFactory(), kind="access", requester_email="a@exemple.org",
                                      details="Accès", received_on=timezone.localdate())
    response = client.post(reverse("admin:privacy_privacyrequest_change", args=[request.pk]),
                           {"answer": " ", "answered_on": "2026-12-01"})
    assert response.status_code == 200 and "Résumez la réponse donnée." in response.content.decode()


def test_regional_staff_do_not_handle_requests():
    with pytest.raises(PermissionDenied):
        services.record_request(actor=regional_staff(ESTRIE), kind="access", requester_email="a@exemple.org",
                                details="x", received_on=timezone.localdate())
