"""The read log: staff and committee reads of an organisme's file are logged (committee members by
seat) and the responsible person sees them on « Ce que nous détenons »."""

import pytest
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.privacy import registry
from dataide.privacy.models import ReaderKind, ReadKind, ReadLogEntry
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, declare
from tests.factories import ApplicationFactory, MembershipFactory, StaffUserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_staff_opening_an_application_and_its_document_is_logged(client):
    application = ApplicationFactory(status="submitted", number="AM-2026-0001")
    attachment = AttachmentFactory(application=application, original_name="devis.pdf")
    login_staff(client, StaffUserFactory())
    audit_before = AuditEvent.objects.count()
    assert client.get(reverse("admin:applications_application_change", args=[application.pk])).status_code == 200
    assert client.get(
        reverse("admin:applications_application_attachment", args=[application.pk, attachment.pk])
    ).status_code == 200
    reads = list(ReadLogEntry.objects.order_by("pk").values_list("organisme_id", "reader_kind", "kind", "label"))
    assert reads == [
        (application.organisme_id, ReaderKind.STAFF, ReadKind.APPLICATION, "AM-2026-0001"),
        (application.organisme_id, ReaderKind.STAFF, ReadKind.ATTACHMENT, "devis.pdf"),
    ]
    assert AuditEvent.objects.count() == audit_before  # a separate log, not the audit trail


def test_a_missing_page_is_not_a_read(client):
    login_staff(client, StaffUserFactory())
    client.get(reverse("admin:applications_application_change", args=[999999]))
    assert not ReadLogEntry.objects.exists()


def test_committee_reads_are_logged_by_seat_and_the_organisme_sees_them_without_names(client):
    committee = CommitteeFactory()
    assign(committee)  # another organisme's application on the same committee
    assignment = assign(committee)
    seat = committee.seats.get(kind="community_organisation")
    declare(assignment, seat.user)
    login_staff(client, seat.user)
    assert client.get(reverse("committees:application", args=[assignment.application_id])).status_code == 200
    entry = ReadLogEntry.objects.get()
    assert (entry.organisme_id, entry.reader_kind) == (assignment.application.organisme_id, "community_organisation")

    responsible = MembershipFactory(organisme=assignment.application.organisme).user
    client.force_login(responsible)
    page = client.get(reverse("privacy:held")).content.decode()
    assert "Comité : siège de l&#x27;organisme communautaire" in page
    assert seat.user.full_name not in page and seat.user.email not in page


def test_the_held_page_lists_every_category_and_the_organisme_s_only_for_the_responsible_person(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    page = client.get(reverse("privacy:held"))
    labels = [str(item["category"].label) for item in page.context["organisme_categories"]]
    assert labels == [str(category.label) for category in registry.categories(registry.ORGANISME)]
    assert [str(item["category"].label) for item in page.context["person_categories"]] == [
        str(category.label) for category in registry.categories(registry.PERSON)]

    collaborator = MembershipFactory(organisme=membership.organisme, role=MembershipRole.COLLABORATOR).user
    client.force_login(collaborator)
    assert client.get(reverse("privacy:held")).context["organisme"] is None


def test_another_organisme_s_reads_are_not_shown(client):
    ReadLogEntry.objects.create(
        organisme_id=ApplicationFactory().organisme_id, reader_kind=ReaderKind.STAFF, kind=ReadKind.APPLICATION,
        object_id=1, label="AUTRE-0001",
    )
    client.force_login(MembershipFactory().user)
    assert "AUTRE-0001" not in client.get(reverse("privacy:held")).content.decode()
