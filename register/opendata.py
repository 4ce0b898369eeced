"""The register as open data in the 360Giving Data Standard (version 1.4): one JSON package and
one CSV with the standard's column titles, built from the same grant records so they never
disagree, streamed a chunk at a time.

Identifiers (see README « Données ouvertes »):
- grants: `360G-` + the publisher's prefix + the application number (`360G-CGM-DATAIDE-AMO-2026-0042`);
  360Giving gives funders without their own registered prefix this form;
- recipients: `CA_QC-QBC-<NEQ>` — the Quebec enterprise register (Registraire des entreprises) list
  of org-id.guide; every organisme has a NEQ, while the CRA charity number (CA-CRA_ACR) is optional
  in the portal, so it is given in `charityNumber` when known;
- the funder: `OPEN_DATA_FUNDER_ID` (a 360G- placeholder until Centraide confirms its CA-CRA_ACR
  identifier).
"""

import csv
import hashlib
import json
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery, Sum, Value
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import StatusChange
from applications.statuses import AWARDED_STATUSES
from dataide.compiled import CompiledQuery
from dataide.i18n import short_language
from grants.models import Payment
from grants.services import add_months
from organismes.models import Organisme
from programs.selectors import current_program

from .reference import reference_changed_at, reference_version
from .selectors import (
    RegisterFilters,
    RegisterTotals,
    filtered_awards,
    published_applications,
    register_totals,
    with_public_details,
)

STANDARD_VERSION = "1.4"
CHUNK_SIZE = 500
TOTALS_SECONDS = 3600
REGION_GEOCODE_TYPE = "Région administrative du Québec"


def grant_id(number: str) -> str:
    return f"{settings.OPEN_DATA_GRANT_PREFIX}-{number}"


def recipient_id(neq: str) -> str:
    return f"CA_QC-QBC-{neq}"


def _amount(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def _moment(value: datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def planned_dates(award) -> list[dict]:
    """From the signature to the final report's due date: the span the agreement funds. The
    application's own schedule is free text, so it cannot be read as dates. Date-times, not
    dates: the standard's oneOf would match a bare date twice where formats are not checked."""
    if award.signed_at is None:
        return []
    start = timezone.localtime(award.signed_at)
    due = add_months(start.date(), award.report_due_months)
    end = start.replace(year=due.year, month=due.month, day=due.day)
    return [{"startDate": start.isoformat(timespec="seconds"), "endDate": end.isoformat(timespec="seconds"),
             "duration": award.report_due_months}]


def _absolute(url_name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_name, args=args)


def grant_record(award, language: str) -> dict:
    """One grant in the 360Giving shape; only the register's public columns are read."""
    organisme, tier, region = award.organisme, award.tier, award.region
    program = tier.program
    english = language == "en"
    description = (award.public_summary_en if english and award.public_summary_en else award.public_summary)
    recipient = {
        "id": recipient_id(organisme.neq),
        "name": organisme.legal_name,
        "addressRegion": region.name,
        "addressCountry": "Canada",
    }
    if organisme.charity_number:
        recipient["charityNumber"] = organisme.charity_number
    record = {
        "id": grant_id(award.number),
        "title": award.title or award.number,
        "description": description or award.title or award.number,
        "currency": "CAD",
        "amountAwarded": _amount(award.amount_awarded),
        # A full date-time: the standard accepts a date or a date-time, and a date alone would
        # match both branches of its oneOf for validators that do not check formats.
        "awardDate": _moment(award.decided_at),
        "url": _absolute("register:grant_detail", award.number),
        "fromOpenCall": "Yes",
        "recipientOrganization": [recipient],
        "fundingOrganization": [{"id": settings.OPEN_DATA_FUNDER_ID, "name": program.operator}],
        "grantProgramme": [{
            "code": f"DATAIDE-{tier.code.upper()}",
            "title": f"{program.localized('name')} — {tier.localized('name')}",
            "url": _absolute("portal:tier_detail", tier.code),
        }],
        "beneficiaryLocation": [{
            "name": region.name, "countryCode": "CA", "geoCode": region.code, "geoCodeType": REGION_GEOCODE_TYPE,
        }],
        "dateModified": _moment(max(award.updated_at, organisme.updated_at)),
    }
    if award.amount_disbursed is not None:
        record["amountDisbursed"] = _amount(award.amount_disbursed)
    dates = planned_dates(award)
    if dates:
        record["plannedDates"] = dates
    return record


def _awards():
    return with_public_details(published_applications()).iterator(chunk_size=CHUNK_SIZE)


# --- freshness: ETag and Last-Modified ---------------------------------------------------------

def feed_state(language: str) -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) of the feeds, in one query on the published rows' index.

    A cancelled award leaves the published set without touching the others, so the count and the
    sum of ids change, and its status change moves the latest award-related move; a signature is
    such a move too. A renamed organisme, an edited summary and a new ledger line move their own
    timestamps. The organismes' latest change is read newest first until one with a published
    award (an index scan that stops early) rather than by joining every award to its organisme;
    it, the latest move and the latest ledger line are uncorrelated subqueries of the one aggregate.
    A renamed program, tier or region has no timestamp: the reference data's version stands for it."""
    count, ids, *moments = _FEED_STATE.first()
    moments = [moment for moment in moments if moment]
    reference = reference_version()
    if moments and (changed := reference_changed_at(reference)):
        # Only with awards: an empty register has nothing a rename could have modified.
        moments.append(changed)
    last_modified = max(moments) if moments else None
    fingerprint = f"{language}:{count}:{ids}:{last_modified and last_modified.isoformat()}:{reference}"
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:32], last_modified


def _feed_state_rows():
    published = published_applications()
    renamed = (
        Organisme.objects.filter(Exists(published.filter(organisme=OuterRef("pk"))))
        .order_by("-updated_at").values("updated_at")[:1]
    )
    moved = (
        StatusChange.objects.filter(Q(to_status__in=AWARDED_STATUSES) | Q(from_status__in=AWARDED_STATUSES))
        .order_by("-created_at").values("created_at")[:1]
    )
    # Any ledger line, not only a published award's: payments follow awards, and one made before
    # the signature only renews the ETag once more (matching it to the published set hashed every
    # published row to find the newest of a few lines).
    paid = Payment.objects.order_by("-recorded_at").values("recorded_at")[:1]
    # Grouped by a constant, which adds no GROUP BY: the aggregate of every published row, as
    # a query that compiles without running (`aggregate()` runs at once).
    return (
        published.order_by().annotate(everything=Value(1)).values("everything")
        .annotate(count=Count("pk"), ids=Sum("pk"), updated=Max("updated_at"), decided=Max("decided_at"),
                  renamed=Max(Subquery(renamed)), moved=Max(Subquery(moved)), paid=Max(Subquery(paid)))
        .values_list("count", "ids", "updated", "decided", "renamed", "moved", "paid")
    )


# Its SQL depends on no value of the request: compiled once per process (dataide.compiled), as
# compiling its four subqueries cost the register's pages several times what PostgreSQL takes to
# answer it. Its moments come back converted as the ORM converts them (SQLite's text included).
_FEED_STATE = CompiledQuery(_feed_state_rows)


def kept_register_totals(filters: RegisterFilters, program, etag: str) -> RegisterTotals:
    """The register page's totals (three grouped queries over every published award), kept under
    the feeds' ETag (`feed_state`) with the filters: the register cannot change without changing the ETag."""
    key = "register:totals:" + hashlib.sha256(f"{etag}:{program and program.pk}:{filters!r}".encode()).hexdigest()
    totals = cache.get(key)
    if totals is None:
        totals = register_totals(filtered_awards(filters), program)
        cache.set(key, totals, timeout=TOTALS_SECONDS)
    return totals


# --- JSON ---------------------------------------------------------------------------------------

def json_chunks(language: str, last_modified: datetime | None):
    """The 360Giving package: its metadata, then the grants one by one."""
    program = current_program()
    with translation.override(language):
        publisher = program.operator if program else ""
        head = {
            "version": STANDARD_VERSION,
            "title": f"{program.localized('name') if program else 'DATAide'} — registre public des bourses",
            "publisher": {"name": publisher, "identifier": settings.OPEN_DATA_FUNDER_ID, "website": settings.SITE_URL},
            "license": settings.OPEN_DATA_LICENSE_URL,
            "accessURL": _absolute("register:grant_list"),
        }
        if last_modified:
            head["modified"] = timezone.localtime(last_modified).isoformat(timespec="seconds")
        yield json.dumps(head, ensure_ascii=False)[:-1] + ', "grants": ['
        for index, award in enumerate(_awards()):
            yield ("," if index else "") + "\n" + json.dumps(grant_record(award, language), ensure_ascii=False)
        yield "\n]}\n"


# --- CSV ----------------------------------------------------------------------------------------

def _first(key: str, field: str):
    return lambda record: (record.get(key) or [{}])[0].get(field, "")


# The standard's column titles (« Recipient Org:Identifier »…), each read from the JSON record.
CSV_COLUMNS = [
    ("Identifier", lambda record: record["id"]),
    ("Title", lambda record: record["title"]),
    ("Description", lambda record: record["description"]),
    ("Currency", lambda record: record["currency"]),
    ("Amount Awarded", lambda record: record["amountAwarded"]),
    ("Award Date", lambda record: record["awardDate"][:10]),
    ("URL", lambda record: record["url"]),
    ("From An Open Call?", lambda record: record["fromOpenCall"]),
    ("Recipient Org:Identifier", _first("recipientOrganization", "id")),
    ("Recipient Org:Name", _first("recipientOrganization", "name")),
    ("Recipient Org:Charity Number", _first("recipientOrganization", "charityNumber")),
    ("Recipient Org:County", _first("recipientOrganization", "addressRegion")),
    ("Recipient Org:Country", _first("recipientOrganization", "addressCountry")),
    ("Funding Org:Identifier", _first("fundingOrganization", "id")),
    ("Funding Org:Name", _first("fundingOrganization", "name")),
    ("Grant Programme:Code", _first("grantProgramme", "code")),
    ("Grant Programme:Title", _first("grantProgramme", "title")),
    ("Grant Programme:URL", _first("grantProgramme", "url")),
    ("Beneficiary Location:Name", _first("beneficiaryLocation", "name")),
    ("Beneficiary Location:Country Code", _first("beneficiaryLocation", "countryCode")),
    ("Beneficiary Location:Geographic Code", _first("beneficiaryLocation", "geoCode")),
    ("Beneficiary Location:Geographic Code Type", _first("beneficiaryLocation", "geoCodeType")),
    ("Amount Disbursed", lambda record: record.get("amountDisbursed", "")),
    ("Planned Dates:Start Date", lambda record: _first("plannedDates", "startDate")(record)[:10]),
    ("Planned Dates:End Date", lambda record: _first("plannedDates", "endDate")(record)[:10]),
    ("Planned Dates:Duration (months)", _first("plannedDates", "duration")),
    ("Last Modified", lambda record: record["dateModified"]),
]


class _Echo:
    def write(self, value):
        return value


def _cell(value):
    """Text that a spreadsheet would run as a formula starts with an apostrophe instead."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_chunks(language: str):
    """UTF-8 with a BOM (Excel then reads the accents), comma-separated as 360Giving's tools expect."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff" + writer.writerow([title for title, _read in CSV_COLUMNS])
        for award in _awards():
            record = grant_record(award, language)
            yield writer.writerow([_cell(read(record)) for _title, read in CSV_COLUMNS])


def feed_language() -> str:
    return short_language()
