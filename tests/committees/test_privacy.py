"""Committee reads of an organisme's file (committees.privacy): an alternate called in on an
application reads it as a seat holder does, and is logged the same way, by the kind of seat
they stand in for, never by name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees import services
from committees.models import Alternate, AlternateCall, SeatKind
from dataide.compiled import readable_sql
from dataide.privacy.models import ReadKind, ReadLogEntry
from tests.applications.factories import AttachmentFactory
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import UserFactory
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_an_alternate_called_in_is_logged_on_each_page_of_the_file_they_open(client):
    committee = CommitteeFactory()  # quorum 3 of 4 seats
    assignment = assign(committee, number="AM-2026-0042")
    attachment = AttachmentFactory(application=assignment.application, original_name="devis.pdf")
    community, _team, it, regional = members(committee)  # by kind
    alternate = Alternate.objects.create(
        committee=committee, kind=SeatKind.IT_ORGANISATION, user=UserFactory(), organisation="Org", position=0
    )
    for member in (it, community):
        services.declare_conflict(actor=member, assignment=assignment, has_conflict=True, reason="employment")
    assert AlternateCall.objects.get().alternate == alternate
    criteria = assignment.application.tier.current_criteria_set.criteria.count()
    scorecard(assignment, regional, [3] * criteria)
    scorecard(assignment, alternate.user, [4] * criteria)  # declares no conflict, then scores

    login_staff(client, alternate.user)
    pk = assignment.application_id
    for url in (
        reverse("committees:application", args=[pk]),
        reverse("committees:attachment", args=[pk, attachment.pk]),
        reverse("committees:peers", args=[pk]),
    ):
        assert client.get(url).status_code == 200, url
    reads = list(ReadLogEntry.objects.order_by("pk").values_list("organisme_id", "reader_id", "reader_kind", "kind", "label"))
    organisme = assignment.application.organisme_id
    assert reads == [
        (organisme, alternate.user_id, SeatKind.IT_ORGANISATION, ReadKind.APPLICATION, "AM-2026-0042"),
        (organisme, alternate.user_id, SeatKind.IT_ORGANISATION, ReadKind.ATTACHMENT, "devis.pdf"),
        (organisme, alternate.user_id, SeatKind.IT_ORGANISATION, ReadKind.SCORECARD, "AM-2026-0042"),
    ]


def test_an_alternate_not_called_on_the_application_reads_nothing_and_nothing_is_logged(client):
    committee = CommitteeFactory()
    assignment = assign(committee)
    alternate = Alternate.objects.create(
        committee=committee, kind=SeatKind.IT_ORGANISATION, user=UserFactory(), organisation="Org", position=0
    )
    login_staff(client, alternate.user)
    assert client.get(reverse("committees:application", args=[assignment.application_id])).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_read_log_reuses_the_seat_the_page_s_access_check_fetched(client):
    committee = CommitteeFactory()
    assignment = assign(committee)
    seat = committee.seats.get(kind=SeatKind.COMMUNITY_ORGANISATION)
    scorecard(assignment, seat.user, [3] * assignment.application.tier.current_criteria_set.criteria.count())
    login_staff(client, seat.user)
    url = reverse("committees:application", args=[assignment.application_id])
    client.get(url)  # the person's facts are cached from their second page on
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [readable_sql(query["sql"]) for query in queries]
    seat_reads = [sql for sql in statements if sql.count('"committees_seat"') and "INSERT" not in sql]
    assert len(seat_reads) == 1, seat_reads  # the access check's, not the read log's again
    assert ReadLogEntry.objects.filter(reader=seat.user, reader_kind=SeatKind.COMMUNITY_ORGANISATION).count() == 2
