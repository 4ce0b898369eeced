"""Attendance files as Zoom and Microsoft Teams export them, read unchanged and uploaded through the
admin wizard. The fixtures follow the platforms' documented layouts: Zoom's webinar « Attendee
Report » (preamble, topic block, Host / Panelist / Attendee sections, registration questions with
free names, `--` for registered no-shows, a dial-in guest without e-mail, a person who left and
rejoined) and Teams' attendance report (UTF-16 with BOM, tab-separated, numbered sections, the
organizer among the participants, durations like `1h 29m 3s`)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory
from tests.helpers import login_staff
from trainings.attendance_import import match_participants, parse_participants
from trainings.models import WebinarAttendance

from .factories import WebinarSessionFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
ZOOM = (FIXTURES / "zoom_webinar_attendee_report.csv").read_bytes()
TEAMS = (FIXTURES / "teams_attendance_report.csv").read_bytes()


@pytest.fixture
def people():
    """The organismes behind the fixtures' attendees: Ana by her member e-mail (the account's
    address is in other case than the file's), Luc by the NEQ he typed at registration, Pierre
    by e-mail."""
    return {
        "ana": MembershipFactory(user__email="Ana.Gomez@maison-hochelaga.org").organisme,
        "luc": OrganismeFactory(neq="1234567890"),
        "pierre": MembershipFactory(user__email="pierre@court-passage.org").organisme,
    }


def _by_name(lines):
    return {line.participant.name: line for line in lines}


def test_zoom_report_counts_attendees_only_adds_up_rejoins_and_skips_the_rest_with_the_reason(people):
    lines = _by_name(match_participants(parse_participants(ZOOM)))

    ana = lines["Ana Gomez"]
    assert (ana.organisme, ana.matched_by, ana.participant.minutes) == (people["ana"], "email", 36 + 51)
    luc = lines["Luc Bergeron"]
    assert (luc.organisme, luc.matched_by, luc.participant.minutes) == (people["luc"], "neq", 89)
    assert lines["Pierre Côté"].organisme == people["pierre"]
    assert lines["Julie Lavoie"].participant.skip_reason == "animateur du webinaire"
    assert lines["Marc-André Dubé (Nord Ouvert)"].participant.skip_reason == "panéliste"
    assert lines["Sophie Roy"].participant.skip_reason == "inscrit, jamais connecté"
    assert lines["14385550123"].participant.skip_reason == "ni courriel ni NEQ (invité)"
    assert len(lines) == 7  # Ana's two stays are one line


def test_teams_report_in_utf16_reads_durations_skips_the_organizer_and_counts_each_person_once(people):
    lines = _by_name(match_participants(parse_participants(TEAMS)))

    assert lines["Julie Lavoie"].participant.skip_reason == "organisateur de la réunion"
    ana = lines["Ana Gomez (Invité)"]
    # 1h 29m 3s from « 2. Participants »; the stays of « 3. In-Meeting activities » are not added again.
    assert (ana.organisme, ana.participant.minutes) == (people["ana"], 89)
    assert lines["Luc Bergeron"].participant.minutes == 52
    assert lines["Pierre Côté"].participant.minutes == 12
    assert lines["Tablette salle 2 (non vérifié)"].participant.skip_reason == "ni courriel ni NEQ (invité)"
    assert len(lines) == 5


def test_teams_report_exported_in_french_is_read():
    MembershipFactory(user__email="ana@maison.org")
    text = (
        "1. Résumé\r\nTitre de la réunion\tWebinaire\r\n\r\n2. Participants\r\n"
        "Nom\tPremière participation\tDernière sortie\tDurée de la réunion\tE-mail\tID du participant (UPN)\tRôle\r\n"
        "Julie\t30/11/26 13:28:03\t30/11/26 15:02:10\t1 h 34 min 7 s\tjulie@centraide.org\t\tOrganisateur\r\n"
        "Ana\t30/11/26 13:30:12\t30/11/26 14:59:15\t1 h 29 min 3 s\tana@maison.org\t\tParticipant\r\n"
        "\r\n3. Activités pendant la réunion\r\nNom\tHeure d'arrivée\tHeure de départ\tDurée\tE-mail\tRôle\r\n"
    )
    julie, ana = parse_participants(text.encode("utf-16"))
    assert julie.skip_reason == "organisateur de la réunion"
    assert (ana.email, ana.minutes, ana.skip_reason) == ("ana@maison.org", 89, "")


def _webinar():
    return WebinarSessionFactory(starts_at=timezone.now() - timedelta(hours=3), minimum_presence_minutes=45)


def _upload(client, webinar, name, data):
    url = reverse("admin:trainings_webinarsession_import", args=[webinar.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data, "text/csv")}), url


@pytest.mark.parametrize(
    "name,data,recorded,skipped",
    [
        # host, panelist, no-show, dial-in guest / organizer, unverified guest
        ("zoom_webinar_attendee_report.csv", ZOOM, {"ana": 87, "luc": 89}, 4),
        ("teams_attendance_report.csv", TEAMS, {"ana": 89, "luc": 52}, 2),
    ],
    ids=["zoom", "teams"],
)
def test_platform_report_uploaded_unchanged_through_the_admin_wizard(client, people, name, data, recorded, skipped):
    webinar = _webinar()
    login_staff(client, StaffUserFactory())
    response, url = _upload(client, webinar, name, data)
    assert response.status_code == 302

    preview = client.get(url).content.decode()
    assert preview.count("Ignorée") == skipped
    assert "ni courriel ni NEQ (invité)" in preview
    assert not WebinarAttendance.objects.exists()

    # Teams' file has no NEQ and Luc's address is not a member's: staff give his NEQ in the preview.
    luc = next(line.line for line in parse_participants(data) if line.name == "Luc Bergeron")
    response = client.post(url, {"confirm": "1", f"l{luc}-neq": "1234 567 890"})
    assert response.status_code == 302
    minutes = dict(WebinarAttendance.objects.values_list("organisme", "minutes"))
    # Pierre stayed under the 45-minute minimum; skipped lines record nothing.
    assert minutes == {people[key].pk: value for key, value in recorded.items()}
