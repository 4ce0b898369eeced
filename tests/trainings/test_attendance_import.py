import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dataide.outbox.models import OutboxMessage
from dataide.storage import private_storage
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory
from tests.helpers import login_staff
from trainings.admin_views import StoredUpload
from trainings.attendance_import import (
    AttendanceFileError,
    match_participants,
    parse_participants,
)
from trainings.models import WebinarAttendance, WebinarSession
from trainings.services import ImportRow, import_webinar_attendance

from .factories import WebinarRegistrationFactory, WebinarSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_private_storage(settings, tmp_path):
    """A private storage of this test's own, so what it finds there is what it stored."""
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path},
    }}


def past_webinar():
    return WebinarSessionFactory(starts_at=timezone.now() - timedelta(days=1))


def csv_bytes(*lines, encoding="utf-8"):
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_lines_match_by_neq_then_member_email_and_flag_the_rest():
    by_neq = OrganismeFactory(neq="1234567890")
    member = MembershipFactory(user__email="ana@maison.org")
    data = csv_bytes(
        "NEQ,Nom,Courriel,Durée (minutes)",
        "1234-567-890,Luc,luc@ailleurs.org,60",
        ",Ana,ANA@maison.org,50",
        ",Inconnu,personne@nulle.part,70",
    )
    lines = match_participants(parse_participants(data))
    assert [(line.organisme, line.matched_by) for line in lines] == [
        (by_neq, "neq"), (member.organisme, "email"), (None, ""),
    ]


def test_windows_1252_semicolon_export_from_excel_is_read():
    data = csv_bytes("Nom;Courriel;Durée (minutes)", "Hélène Bélanger;helene@exemple.org;47", encoding="cp1252")
    [line] = parse_participants(data)
    assert line.name == "Hélène Bélanger" and line.minutes == 47


@pytest.mark.parametrize(
    "data,expected",
    [
        (b"", "vide"),
        (csv_bytes("Nom,Adresse,Heure"), "Colonnes introuvables"),
        (csv_bytes("Courriel,Durée (minutes)", "a@b.org,beaucoup", "pas-un-courriel,30"), "Ligne 2"),
        (b"Courriel,Dur\x81e\r\n", "ni en UTF-8, ni en UTF-16, ni en Windows-1252"),
        (csv_bytes("Courriel,Durée (minutes)"), "aucun participant"),
    ],
)
def test_malformed_files_are_refused_with_the_lines_at_fault(data, expected):
    with pytest.raises(AttendanceFileError) as refused:
        parse_participants(data)
    assert expected in " ".join(refused.value.errors)


def test_every_bad_line_is_listed():
    data = csv_bytes("Courriel,Durée (minutes)", "a@b.org,beaucoup", "ok@b.org,30", "pas-un-courriel,30")
    with pytest.raises(AttendanceFileError) as refused:
        parse_participants(data)
    assert [error.split(" :")[0] for error in refused.value.errors] == ["Ligne 2", "Ligne 4"]


def test_import_records_long_enough_presences_once_and_reimport_changes_nothing():
    webinar = past_webinar()
    staff = StaffUserFactory()
    present, short = MembershipFactory().organisme, OrganismeFactory()
    rows = [
        ImportRow(organisme=present, minutes=30, email="a@x.org"),
        ImportRow(organisme=present, minutes=70, email="b@x.org"),  # longest presence of the organisme counts
        ImportRow(organisme=short, minutes=20),
        ImportRow(organisme=None, minutes=90),
    ]
    first = import_webinar_attendance(actor=staff, webinar=webinar, rows=rows)
    assert (first.recorded, first.too_short, first.skipped) == (1, 1, 1)
    attendance = WebinarAttendance.objects.get()
    assert (attendance.organisme, attendance.minutes) == (present, 70)
    assert OutboxMessage.objects.filter(template="attendance_recorded").count() == 1

    again = import_webinar_attendance(actor=staff, webinar=webinar, rows=rows)
    assert (again.recorded, again.already_recorded) == (0, 1)
    assert WebinarAttendance.objects.count() == 1
    assert OutboxMessage.objects.filter(template="attendance_recorded").count() == 1


def test_admin_upload_preview_fix_and_confirm(client):
    webinar = past_webinar()
    registered = WebinarRegistrationFactory(webinar=webinar).organisme
    known = OrganismeFactory(neq="2222222222")
    login_staff(client, StaffUserFactory())
    url = reverse("admin:trainings_webinarsession_import", args=[webinar.pk])
    upload = csv_bytes("NEQ,Courriel,Durée (minutes)", "2222222222,x@y.org,80", ",inconnu@y.org,90", ",autre@y.org,90")
    response = client.post(url, {"file": SimpleUploadedFile("participants.csv", upload, "text/csv")})
    assert response.status_code == 302
    preview = client.get(url)
    assert "Non reconnu" in preview.content.decode() and known.legal_name in preview.content.decode()
    assert not WebinarAttendance.objects.exists()  # nothing before confirmation

    response = client.post(url, {"confirm": "1", "l3-organisme": registered.pk, "l4-organisme": ""})
    assert response.status_code == 302
    assert set(WebinarAttendance.objects.values_list("organisme", flat=True)) == {known.pk, registered.pk}


def test_admin_upload_of_a_bad_file_shows_the_errors_and_imports_nothing(client):
    webinar = past_webinar()
    login_staff(client, StaffUserFactory())
    response = client.post(
        reverse("admin:trainings_webinarsession_import", args=[webinar.pk]),
        {"file": SimpleUploadedFile("p.csv", csv_bytes("Courriel,Durée (minutes)", "a@b.org,x"), "text/csv")},
    )
    assert response.status_code == 200
    assert "Ligne 2" in response.content.decode()
    assert not WebinarAttendance.objects.exists()


def test_member_email_is_matched_whatever_its_case_and_surrounding_spaces():
    member = MembershipFactory(user__email="Ana.Gomez@Maison.org")
    [line] = match_participants(parse_participants(csv_bytes("Courriel,Durée (minutes)", "  ana.gomez@maison.ORG ,60")))
    assert (line.organisme, line.matched_by) == (member.organisme, "email")


def test_a_line_without_email_or_neq_is_skipped_with_its_reason_not_refusing_the_file():
    [guest, known] = parse_participants(csv_bytes("Nom,Courriel,Durée (minutes)", "Invité,,70", "Ana,ana@x.org,60"))
    assert guest.skip_reason == "ni courriel ni NEQ (invité)" and not known.skip_reason


def _stored_uploads():
    storage = private_storage()
    if not storage.exists(StoredUpload.FOLDER):
        return []
    folders, _files = storage.listdir(StoredUpload.FOLDER)
    return [name for folder in folders for name in storage.listdir(f"{StoredUpload.FOLDER}/{folder}")[1]]


def _upload(client, webinar, data):
    url = reverse("admin:trainings_webinarsession_import", args=[webinar.pk])
    return client.post(url, {"file": SimpleUploadedFile("participants.csv", data, "text/csv")}), url


@pytest.mark.parametrize("leave", [{"confirm": "1"}, {"confirm": "1", "cancel": "Annuler"}], ids=["confirm", "cancel"])
def test_the_upload_waits_in_private_storage_not_in_the_session_and_is_removed_when_confirmed_or_abandoned(
    client, leave
):
    webinar = past_webinar()
    member = MembershipFactory(user__email="ana@maison.org")
    login_staff(client, StaffUserFactory())
    data = csv_bytes("Courriel,Durée (minutes)", "ana@maison.org,80")
    _response, url = _upload(client, webinar, data)

    stored_name = client.session[f"trainings_import_{webinar.pk}"]
    assert private_storage().open(stored_name).read() == data
    assert "ana@maison.org" not in str(dict(client.session))  # the session holds a storage name, not the file
    # A second upload replaces the first one instead of leaving it behind.
    _upload(client, webinar, data)
    assert len(_stored_uploads()) == 1

    client.post(url, leave)
    assert _stored_uploads() == []
    assert f"trainings_import_{webinar.pk}" not in client.session
    recorded = list(WebinarAttendance.objects.values_list("organisme", flat=True))
    assert recorded == ([] if "cancel" in leave else [member.organisme_id])


def test_attendance_of_a_webinar_still_to_come_is_refused_at_upload_and_not_offered(client):
    webinar = WebinarSessionFactory(starts_at=timezone.now() + timedelta(days=2))
    login_staff(client, StaffUserFactory())
    change_page = client.get(reverse("admin:trainings_webinarsession_change", args=[webinar.pk])).content.decode()
    assert reverse("admin:trainings_webinarsession_import", args=[webinar.pk]) not in change_page
    assert "s&#x27;ouvrent au début du webinaire" in change_page

    response, _url = _upload(client, webinar, csv_bytes("Courriel,Durée (minutes)", "a@b.org,80"))
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Ce webinaire n&#x27;a pas encore eu lieu" in page
    assert _stored_uploads() == []
    assert f"trainings_import_{webinar.pk}" not in client.session


def test_confirming_the_import_of_a_webinar_moved_to_the_future_shows_the_refusal_instead_of_a_500(client):
    webinar = past_webinar()
    MembershipFactory(user__email="ana@maison.org")
    login_staff(client, StaffUserFactory())
    _response, url = _upload(client, webinar, csv_bytes("Courriel,Durée (minutes)", "ana@maison.org,80"))
    WebinarSession.objects.filter(pk=webinar.pk).update(starts_at=timezone.now() + timedelta(days=1))

    response = client.post(url, {"confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert "Ce webinaire n&#x27;a pas encore eu lieu" in response.content.decode()
    assert not WebinarAttendance.objects.exists()


def test_the_import_service_refuses_a_webinar_still_to_come():
    webinar = WebinarSessionFactory(starts_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError) as refused:
        import_webinar_attendance(
            actor=StaffUserFactory(), webinar=webinar, rows=[ImportRow(organisme=OrganismeFactory(), minutes=80)]
        )
    assert refused.value.code == "webinar_not_started"
    assert not WebinarAttendance.objects.exists()


def test_an_upload_left_in_an_abandoned_wizard_is_swept_at_a_later_upload(client):
    stale = private_storage().save(f"{StoredUpload.FOLDER}/999/oublie.txt", ContentFile(b"Courriel,Duree\r\n"))
    two_days_ago = (timezone.now() - timedelta(days=2)).timestamp()
    os.utime(private_storage().path(stale), (two_days_ago, two_days_ago))
    login_staff(client, StaffUserFactory())
    _upload(client, past_webinar(), csv_bytes("Courriel,Durée (minutes)", "a@b.org,80"))
    assert not private_storage().exists(stale)
    assert len(_stored_uploads()) == 1
