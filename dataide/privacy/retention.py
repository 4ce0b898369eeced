"""The retention schedule (settings.PRIVACY_RETENTION), applied daily by a beat task.

Law 25 asks that personal information be destroyed or anonymised once the purposes it was
collected for are achieved: the CAI says « les entreprises doivent détruire les renseignements
personnels lorsque les fins auxquelles ils ont été recueillis ou utilisés sont accomplies » (P-39.1
s. 23 as we recall it; section number not verified). Each app registers its rules
(`registry.register_retention`); the core's own are here. The run is recorded in the audit trail
with what each rule did."""

import calendar
import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event

from . import registry
from .models import DataExport, ReadLogEntry


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def purge_read_log(now, schedule) -> int:
    deleted, _by_model = ReadLogEntry.objects.filter(
        read_at__lt=months_before(now, 12 * schedule["read_log_years"])
    ).delete()
    return deleted


def purge_expired_exports(now, schedule) -> int:
    count = 0
    for export in DataExport.objects.filter(expires_at__lt=now).exclude(file=""):
        export.file.delete(save=False)
        export.save(update_fields=["file"])
        count += 1
    return count


def register_core_rules() -> None:
    registry.register_retention("privacy.read_log", purge_read_log)
    registry.register_retention("privacy.expired_exports", purge_expired_exports)


def apply_retention(*, now=None) -> dict[str, int]:
    """Run every registered rule once; returns (and records) what each changed."""
    now = now or timezone.now()
    schedule = settings.PRIVACY_RETENTION
    done = {}
    with transaction.atomic():
        for name, rule in sorted(registry.retention_rules().items()):
            done[name] = rule(now, schedule)
        record_event(actor=None, action=AuditEventType.PRIVACY_RETENTION_APPLIED, done=done, at=now.isoformat())
    return done
