"""Staff read the audit trail and the status history as sentences with who and when, in their
language, not as codes: « Soumise par Julie Lavoie le 1er décembre 2026 à 14 h 02 »."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from applications.models import ApplicationStatus as S
from applications.models import StatusChange
from applications.transitions import move_to
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from dataide.audit.rendering import describe
from dataide.audit.services import record_event
from programs import services
from tests.factories import ApplicationFactory, StaffUserFactory, tier
from tests.helpers import login_staff
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

AT = timezone.make_aware(datetime.datetime(2026, 12, 1, 14, 2))


def _time(language):
    with translation.override(language):
        return date_format(timezone.localtime(AT), "TIME_FORMAT")


def _submitted_by_julie():
    application = ApplicationFactory(status=S.DRAFT)
    julie = member_of(application.organisme, full_name="Julie Lavoie")
    with transaction.atomic():
        move_to(application, S.SUBMITTED, actor=julie, number="AMO-2026-0042")
    AuditEvent.objects.update(created_at=AT)
    StatusChange.objects.update(created_at=AT)
    return application


def test_the_application_page_reads_its_trail_and_history_as_sentences(client):
    application = _submitted_by_julie()
    login_staff(client, StaffUserFactory())
    html = client.get(reverse("admin:applications_application_change", args=[application.pk])).content.decode()
    expected = f"Soumise par Julie Lavoie le 1er décembre 2026 à {_time('fr-ca')}"
    assert html.count(expected) == 2  # the audit trail and the status history
    assert "application.submitted" not in html


def test_the_sentence_is_in_the_reader_s_language():
    _submitted_by_julie()
    event = AuditEvent.objects.select_related("actor").get()
    with translation.override("en"):
        day = date_format(AT.date(), "DATE_FORMAT")  # « Dec. 1, 2026 »: the locale's own format
        assert describe(event) == f"Submitted by Julie Lavoie on {day} at {_time('en')}"


def test_a_configuration_change_reads_with_its_old_and_new_values(client):
    amorcage = tier()
    amorcage.quota = 400
    services.save_tier(actor=StaffUserFactory(full_name="Julie Lavoie"), tier=amorcage, fields=["quota"])
    login_staff(client, StaffUserFactory())
    html = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
    assert "Volet modifié (nombre de bourses : 410 → 400) par Julie Lavoie le " in html


def test_an_event_of_the_portal_itself_reads_without_an_author():
    application = ApplicationFactory(status=S.DRAFT)
    with transaction.atomic():
        # Moves need a person allowed to make them; the portal's own events (reminders, relays)
        # are written without one.
        record_event(actor=None, action=AuditEventType.APPLICATION_SUBMITTED, target=application,
                     from_status=S.DRAFT, number="AMO-2026-0043")
    AuditEvent.objects.update(created_at=AT)
    assert describe(AuditEvent.objects.get()) == f"Soumise le 1er décembre 2026 à {_time('fr-ca')}"
