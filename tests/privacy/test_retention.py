"""The retention task, with a frozen clock: exactly what is due is anonymised or deleted, the
dashboard totals do not move, and the run is recorded."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationStatus, Attachment
from applications.reporting import program_dashboard
from dataide.audit.models import AuditEvent
from dataide.privacy.models import ReaderKind, ReadKind, ReadLogEntry
from dataide.privacy.retention import apply_retention, months_before
from tests.applications.factories import AttachmentFactory, complete_draft
from tests.factories import ApplicationFactory, OrganismeFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2029, 6, 15, 3, 0))


def _at(application, **moments):
    Application.objects.filter(pk=application.pk).update(**moments)


def _read(at):
    entry = ReadLogEntry.objects.create(organisme_id=1, reader_kind=ReaderKind.STAFF, kind=ReadKind.APPLICATION,
                                        object_id=1, label="x")
    ReadLogEntry.objects.filter(pk=entry.pk).update(read_at=at)
    return entry


def _figures():
    dashboard = program_dashboard(now=NOW)
    return [dashboard.funnel, dashboard.tiers, dashboard.regions, dashboard.years]


def test_the_task_purges_exactly_what_is_due_and_keeps_the_totals(settings):
    idle = complete_draft(OrganismeFactory())
    idle_document = AttachmentFactory(application=idle)
    _at(idle, updated_at=months_before(NOW, 18) - datetime.timedelta(days=1))
    recent = complete_draft(OrganismeFactory())
    _at(recent, updated_at=months_before(NOW, 18) + datetime.timedelta(days=1))

    old_decline = ApplicationFactory(status=ApplicationStatus.DECLINED, need="Besoin refusé")
    _at(old_decline, decided_at=months_before(NOW, 36) - datetime.timedelta(days=1))
    old_document = AttachmentFactory(application=old_decline)
    young_decline = ApplicationFactory(status=ApplicationStatus.DECLINED)
    _at(young_decline, decided_at=months_before(NOW, 36) + datetime.timedelta(days=1))
    young_document = AttachmentFactory(application=young_decline)
    awarded = ApplicationFactory(status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))
    _at(awarded, decided_at=NOW - datetime.timedelta(days=2000))
    awarded_document = AttachmentFactory(application=awarded)

    old_read, new_read = _read(months_before(NOW, 24) - datetime.timedelta(hours=1)), _read(NOW)
    before = _figures()
    stored = idle_document.file.name

    done = apply_retention(now=NOW)

    assert done == {"applications.declined_attachments": 1, "applications.idle_drafts": 1,
                    "privacy.expired_exports": 0, "privacy.read_log": 1}
    idle.refresh_from_db()
    assert (idle.status, idle.need, idle.amount_requested) == (ApplicationStatus.DRAFT, "", Decimal("4000"))
    assert not Attachment.objects.filter(pk__in=[idle_document.pk, old_document.pk]).exists()
    assert not idle_document.file.storage.exists(stored)
    recent.refresh_from_db()
    assert recent.need == "Nos ordinateurs ont dix ans."
    assert Attachment.objects.filter(pk__in=[young_document.pk, awarded_document.pk]).count() == 2
    old_decline.refresh_from_db()
    assert old_decline.need == "Besoin refusé"  # the decision record stays; its documents went
    assert list(ReadLogEntry.objects.values_list("pk", flat=True)) == [new_read.pk]
    assert not ReadLogEntry.objects.filter(pk=old_read.pk).exists()
    assert _figures() == before
    event = AuditEvent.objects.get(action="privacy.retention_applied")
    assert event.data["done"] == done

    # A second run the same day finds nothing more to do.
    assert set(apply_retention(now=NOW).values()) == {0}


def test_the_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert (entry["task"], entry["schedule"]) == ("dataide.privacy.tasks.apply_retention", 86400.0)
    assert settings.PRIVACY_RETENTION == {"idle_drafts_months": 18, "declined_attachments_years": 3, "read_log_years": 2}


def test_months_before_keeps_the_end_of_month():
    moment = timezone.make_aware(datetime.datetime(2028, 3, 31, 12, 0))
    assert months_before(moment, 1).date() == datetime.date(2028, 2, 29)
    assert months_before(moment, 18).date() == datetime.date(2026, 9, 30)
