"""Alternates: called in when conflicts of interest leave an application short of its quorum
(one e-mail each), staff told when none is available; the same rules as the seats."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from committees import services
from committees.models import Alternate, AlternateCall, ConflictDeclaration, ConflictReason, SeatKind
from committees.selectors import committee_results
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from programs.models import CentraideOffice
from tests.committees.factories import CommitteeFactory, assign
from tests.committees.test_admin import committee_post
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganismeFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.helpers import login_staff


def _seat_user(committee, kind):
    return committee.seats.get(kind=kind).user


def _alternate(committee, kind, position=0, user=None):
    user = user or UserFactory()
    return Alternate.objects.create(committee=committee, kind=kind, user=user, organisation="Org", position=position)


def _conflict(assignment, user, reason="employment"):
    services.declare_conflict(actor=user, assignment=assignment, has_conflict=True, reason=reason)


@pytest.mark.django_db
def test_conflicts_that_break_the_quorum_call_the_conflicted_seats_first_alternate_once(client):
    committee = CommitteeFactory()  # quorum 3 of 4 seats
    assignment = assign(committee, title="Portables pour l'accueil")
    first = _alternate(committee, SeatKind.COMMUNITY_ORGANISATION, position=0)
    second = _alternate(committee, SeatKind.COMMUNITY_ORGANISATION, position=1)
    _alternate(committee, SeatKind.DATAIDE_TEAM)  # another seat's alternate is not called

    _conflict(assignment, _seat_user(committee, SeatKind.IT_ORGANISATION))
    assert not AlternateCall.objects.exists()  # three members left: the quorum holds
    _conflict(assignment, _seat_user(committee, SeatKind.COMMUNITY_ORGANISATION))

    call = AlternateCall.objects.get()
    assert call.alternate == first and call.assignment == assignment
    mail = OutboxMessage.objects.get(template="alternate_called")
    assert mail.recipient_email == first.user.email and "Portables pour l’accueil" in mail.body_text.replace("'", "’")
    assert not OutboxMessage.objects.filter(template="alternate_called", recipient_email=second.user.email).exists()
    assert not OutboxMessage.objects.filter(template="quorum_at_risk").exists()
    event = AuditEvent.objects.for_object(assignment.application).get(action="committee.alternate_called")
    assert event.data == {"committee": committee.pk, "member": first.user.pk, "kind": SeatKind.COMMUNITY_ORGANISATION}
    # 4 seats − 2 conflicts + 1 alternate: the quorum can be reached again.
    assert committee_results(committee).expected == 3

    # The alternate judges that application, and only that one.
    other = assign(committee, title="Autre projet du comité")
    login_staff(client, first.user)
    dashboard = client.get(reverse("committees:dashboard")).content.decode()
    assert "Portables pour l&#x27;accueil" in dashboard and other.application.title not in dashboard
    pk = assignment.application.pk
    assert client.post(reverse("committees:conflict", args=[pk]), {"has_conflict": "no"}).status_code == 302
    assert client.get(reverse("committees:application", args=[pk])).status_code == 200
    assert client.get(reverse("committees:application", args=[other.application.pk])).status_code == 404


@pytest.mark.django_db
def test_an_alternate_called_in_is_reminded_once_of_the_scorecards_left():
    today = timezone.localdate()
    committee = CommitteeFactory(scoring_deadline=today + timedelta(days=2))
    assignment = assign(committee)
    assign(committee)  # an application the alternate was not called in on
    alternate = _alternate(committee, SeatKind.COMMUNITY_ORGANISATION)
    idle = _alternate(committee, SeatKind.IT_ORGANISATION)  # never called: nothing to score
    _conflict(assignment, _seat_user(committee, SeatKind.IT_ORGANISATION))
    _conflict(assignment, _seat_user(committee, SeatKind.COMMUNITY_ORGANISATION))
    assert AlternateCall.objects.get().alternate == alternate

    services.send_scoring_reminders(today=today)
    services.send_scoring_reminders(today=today)

    reminders = OutboxMessage.objects.filter(template="scoring_deadline_reminder")
    [reminder] = reminders.filter(recipient_email=alternate.user.email)
    assert "Il vous reste 1 grille" in reminder.body_text
    assert not reminders.filter(recipient_email=idle.user.email).exists()


@pytest.mark.django_db
def test_joining_an_applying_organisme_after_the_assignment_is_a_conflict_at_once(client):
    from applications.models import PartnerOrganisme
    from organismes import services as organisme_services
    from tests.organismes.factories import JoinRequestFactory, member_of

    committee = CommitteeFactory()
    organisme = OrganismeFactory(region=committee.region)
    responsible = member_of(organisme)
    application = ApplicationFactory(status=S.ELIGIBLE, organisme=organisme)
    partner = OrganismeFactory(legal_name="Réseau des cuisines")
    with_partner = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region))
    PartnerOrganisme.objects.create(application=with_partner, name=" réseau des cuisines ", role="Cuisine")
    staff = StaffUserFactory()
    assignment, partnered = services.assign_applications(actor=staff, committee=committee, applications=[application, with_partner])
    alternate = _alternate(committee, SeatKind.COMMUNITY_ORGANISATION)
    _conflict(assignment, _seat_user(committee, SeatKind.IT_ORGANISATION))
    community = _seat_user(committee, SeatKind.COMMUNITY_ORGANISATION)
    login_staff(client, community)
    client.post(reverse("committees:conflict", args=[application.pk]), {"has_conflict": "no"})
    assert client.get(reverse("committees:application", args=[application.pk])).status_code == 200

    invitation = organisme_services.invite_collaborator(actor=responsible, organisme=organisme, email=community.email)
    organisme_services.accept_invitation(actor=community, invitation=invitation)

    declaration = ConflictDeclaration.objects.get(assignment=assignment, member=community)
    assert declaration.has_conflict and declaration.reason == ConflictReason.AUTOMATIC_MEMBERSHIP
    event = AuditEvent.objects.for_object(application).get(action="committee.conflict_recorded")
    assert event.actor == community and event.data["member"] == community.pk
    assert client.get(reverse("committees:application", args=[application.pk])).status_code == 404
    # Two conflicts leave two members: the community seat's alternate is called in.
    assert AlternateCall.objects.get().alternate == alternate

    # A partner's new member: the same, by the partner's name.
    dataide = _seat_user(committee, SeatKind.DATAIDE_TEAM)
    join = JoinRequestFactory(organisme=partner, user=dataide)
    organisme_services.approve_join_request(actor=member_of(partner), join_request=join)
    assert ConflictDeclaration.objects.get(assignment=partnered, member=dataide).reason == ConflictReason.AUTOMATIC_PARTNER


@pytest.mark.django_db
def test_staff_are_told_once_per_shortfall_when_no_alternate_is_available():
    committee = CommitteeFactory()
    assignment = assign(committee)
    dataide, regional, it = (
        _seat_user(committee, kind)
        for kind in (SeatKind.DATAIDE_TEAM, SeatKind.REGIONAL_CENTRAIDE, SeatKind.IT_ORGANISATION)
    )
    _conflict(assignment, dataide)
    _conflict(assignment, regional)

    alert = OutboxMessage.objects.get(template="quorum_at_risk")
    assert alert.recipient_email == "dataide@centraide-mtl.org"
    assert assignment.application.title in alert.body_text and "il manque 1 membre" in alert.body_text
    _conflict(assignment, it)
    assert OutboxMessage.objects.filter(template="quorum_at_risk").count() == 2  # now 2 missing
    assert [event.data["missing"] for event in AuditEvent.objects.filter(action="committee.quorum_at_risk").order_by("pk")] == [1, 2]

    # An alternate added later is called at once.
    alternate_user = UserFactory()
    specs = [services.SeatSpec(SeatKind.IT_ORGANISATION, alternate_user, "Org")]
    services.save_alternates(actor=StaffUserFactory(), committee=committee, alternates=specs)
    assert AlternateCall.objects.get().alternate.user == alternate_user


@pytest.mark.django_db
def test_automatic_conflicts_at_assignment_call_an_alternate_who_is_not_conflicted_too():
    committee = CommitteeFactory()
    organisme = OrganismeFactory(region=committee.region)
    for kind in (SeatKind.IT_ORGANISATION, SeatKind.COMMUNITY_ORGANISATION):
        MembershipFactory(user=_seat_user(committee, kind), organisme=organisme)
    conflicted_alternate = _alternate(committee, SeatKind.IT_ORGANISATION, position=0)
    MembershipFactory(user=conflicted_alternate.user, organisme=organisme)
    called = _alternate(committee, SeatKind.IT_ORGANISATION, position=1)
    application = ApplicationFactory(status=S.ELIGIBLE, organisme=organisme)

    services.assign_applications(actor=StaffUserFactory(), committee=committee, applications=[application])

    assert [call.alternate for call in AlternateCall.objects.all()] == [called]
    assert OutboxMessage.objects.filter(template="alternate_called").count() == 1


@pytest.mark.django_db
def test_alternates_follow_the_seats_rules_and_their_changes_are_audited():
    committee = CommitteeFactory()
    staff = StaffUserFactory()
    seated = _seat_user(committee, SeatKind.DATAIDE_TEAM)
    outsider = UserFactory()
    for specs in (
        [services.SeatSpec(SeatKind.REGIONAL_CENTRAIDE, outsider, "Org")],
        [services.SeatSpec(SeatKind.DATAIDE_TEAM, seated, "Org")],
        [services.SeatSpec(SeatKind.IT_ORGANISATION, outsider, "Org")] * 2,
    ):
        with pytest.raises(ValidationError):
            services.save_alternates(actor=staff, committee=committee, alternates=specs)
    assert not Alternate.objects.exists()

    CentraideOffice.objects.filter(regions=committee.region).first().staff.add(outsider)
    services.save_alternates(
        actor=staff, committee=committee, alternates=[services.SeatSpec(SeatKind.REGIONAL_CENTRAIDE, outsider, "Org")]
    )
    assert Alternate.objects.get().user == outsider
    event = AuditEvent.objects.for_object(committee).get(action="committee.alternates_changed")
    assert event.data["new"] == [[SeatKind.REGIONAL_CENTRAIDE, outsider.pk, 0]]


@pytest.mark.django_db
def test_the_admin_saves_alternates_through_the_service(client):
    login_staff(client, StaffUserFactory(is_superuser=True))
    committee = CommitteeFactory(name="Comité Montréal printemps")
    seats = list(committee.seats.order_by("kind"))
    outsider = UserFactory()
    data = committee_post(
        [(seat.kind, seat.user) for seat in seats], committee.region_id,
        alternates=[(SeatKind.REGIONAL_CENTRAIDE, outsider)],
    )
    data |= {"scoring_deadline": committee.scoring_deadline.isoformat(), "seats-INITIAL_FORMS": 4}
    for index, seat in enumerate(seats):
        data |= {f"seats-{index}-id": seat.pk, f"seats-{index}-committee": committee.pk}
    change = reverse("admin:committees_committee_change", args=[committee.pk])

    response = client.post(change, data)
    assert response.status_code == 200 and "dessert la région" in response.content.decode()
    assert not Alternate.objects.exists()

    data["alternates-0-kind"] = SeatKind.IT_ORGANISATION
    assert client.post(change, data).status_code == 302
    assert Alternate.objects.get().user == outsider
