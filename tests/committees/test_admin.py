import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.models import ApplicationStatus as S
from committees.models import Committee, SeatKind
from dataide.accounts.roles import Role
from dataide.audit.models import AuditEvent
from tests.committees.factories import CommitteeFactory
from tests.factories import (
    ApplicationFactory,
    OrganismeFactory,
    StaffUserFactory,
    UserFactory,
    region,
    tier,
)
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff


def committee_post(seats, region_pk, alternates=()):
    data = {
        "alternates-TOTAL_FORMS": len(alternates),
        "alternates-INITIAL_FORMS": 0,
        "alternates-MIN_NUM_FORMS": 0,
        "alternates-MAX_NUM_FORMS": 1000,
        "name": "Comité Montréal printemps",
        "region": region_pk,
        "tiers": [tier().pk],
        "scoring_deadline": timezone.localdate().isoformat(),
        "quorum": 3,
        "seats-TOTAL_FORMS": len(seats),
        "seats-INITIAL_FORMS": 0,
        "seats-MIN_NUM_FORMS": 0,
        "seats-MAX_NUM_FORMS": 4,
    }
    for index, (kind, user) in enumerate(seats):
        data |= {f"seats-{index}-kind": kind, f"seats-{index}-user": user.pk, f"seats-{index}-organisation": "Org"}
    for index, (kind, user) in enumerate(alternates):
        data |= {
            f"alternates-{index}-kind": kind, f"alternates-{index}-user": user.pk,
            f"alternates-{index}-organisation": "Org", f"alternates-{index}-position": index,
        }
    return data


@pytest.mark.django_db
def test_admin_refuses_a_committee_that_breaks_a_rule_and_says_which(client):
    login_staff(client, StaffUserFactory(is_superuser=True))
    outsider = UserFactory()  # not staff of the Centraide covering Montréal
    seats = [(kind, UserFactory() if kind != SeatKind.REGIONAL_CENTRAIDE else outsider) for kind in SeatKind][:3]
    response = client.post(reverse("admin:committees_committee_add"), committee_post(seats, region("06").pk))
    page = response.content.decode()
    assert response.status_code == 200 and not Committee.objects.exists()
    assert "Il manque le siège « Organisme communautaire »." in page
    assert "dessert la région 06 – Montréal" in page


@pytest.mark.django_db
def test_admin_saves_a_valid_committee(client):
    from programs.models import CentraideOffice

    login_staff(client, StaffUserFactory(is_superuser=True))
    seats = [(kind, UserFactory()) for kind in SeatKind]
    CentraideOffice.objects.get(name="Centraide du Grand Montréal").staff.add(seats[1][1])
    response = client.post(reverse("admin:committees_committee_add"), committee_post(seats, region("06").pk))
    assert response.status_code == 302
    assert Committee.objects.get().seats.count() == 4


@pytest.mark.django_db
def test_admin_assigns_eligible_applications_of_the_region(client):
    committee = CommitteeFactory()
    eligible = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region), title="Ici")
    ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=region("05")), title="Ailleurs")
    login_staff(client, StaffUserFactory(is_superuser=True))
    assign_url = reverse("admin:committees_committee_assign", args=[committee.pk])
    page = client.get(assign_url).content.decode()
    assert str(eligible) in page and "Ailleurs" not in page

    response = client.post(assign_url, {"applications": [eligible.pk]})
    assert response.status_code == 302
    assert Application.objects.get(pk=eligible.pk).status == S.IN_REVIEW


@pytest.mark.django_db
def test_committee_filters_name_only_the_committees_of_the_persons_regions(client):
    for name in ("Comité Estrie printemps", "Comité Estrie automne"):
        CommitteeFactory(name=name, region=region(ESTRIE))
    CommitteeFactory(name="Comité Montréal secret")
    login_staff(client, regional_staff(ESTRIE))
    for changelist in (
        "admin:applications_application_changelist",
        "admin:committees_assignment_changelist",
        "admin:committees_conflictdeclaration_changelist",
        "admin:committees_scorecard_changelist",
    ):
        page = client.get(reverse(changelist)).content.decode()
        assert "Comité Estrie printemps" in page and "Comité Estrie automne" in page, changelist
        assert "Comité Montréal secret" not in page, changelist

    login_staff(client, StaffUserFactory())  # the DATAide team sees every committee
    assert "Comité Montréal secret" in client.get(reverse("admin:applications_application_changelist")).content.decode()


@pytest.mark.django_db
def test_admin_changes_go_through_the_service_with_old_and_new_values(client):
    staff = StaffUserFactory(is_superuser=True)
    login_staff(client, staff)
    committee = CommitteeFactory(name="Comité Montréal printemps", quorum=3)
    seats = list(committee.seats.order_by("kind"))
    newcomer = UserFactory()
    data = committee_post([(seat.kind, newcomer if seat.kind == SeatKind.IT_ORGANISATION else seat.user) for seat in seats], committee.region_id)
    data |= {"quorum": 4, "scoring_deadline": committee.scoring_deadline.isoformat(), "seats-INITIAL_FORMS": 4}
    for index, seat in enumerate(seats):
        data |= {f"seats-{index}-id": seat.pk, f"seats-{index}-committee": committee.pk}

    response = client.post(reverse("admin:committees_committee_change", args=[committee.pk]), data)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.quorum == 4 and committee.seats.get(kind=SeatKind.IT_ORGANISATION).user == newcomer
    assert newcomer.has_role(Role.COMMITTEE_MEMBER)
    event = AuditEvent.objects.for_object(committee).get(action="committee.changed")
    assert event.actor == staff
    assert (event.data["old"]["quorum"], event.data["new"]["quorum"]) == (3, 4)
    assert event.data["new"]["seats"][SeatKind.IT_ORGANISATION]["user"] == newcomer.pk
