import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.models import ApplicationStatus as S
from committees.models import Committee, SeatKind
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


def committee_post(seats, region_pk):
    data = {
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
