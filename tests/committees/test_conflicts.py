"""Conflicts of interest the portal knows (membership of the applicant or of a partner), the
reason of a declared one, staff's view per committee and their audited withdrawal."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from applications.models import PartnerOrganisme
from committees import services
from committees.models import ConflictDeclaration, ConflictReason
from committees.selectors import committee_results
from dataide.audit.models import AuditEvent
from organismes.models import MembershipRole
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import ApplicationFactory, MembershipFactory, OrganismeFactory, StaffUserFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff


def _assign_through_the_service(committee, **application_kwargs):
    application = ApplicationFactory(
        status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region), **application_kwargs
    )
    staff = StaffUserFactory()
    services.assign_applications(actor=staff, committee=committee, applications=[application])
    return application, staff


@pytest.mark.django_db
def test_a_member_of_the_applying_organisme_is_conflicted_at_assignment_and_the_reason_is_recorded():
    committee = CommitteeFactory()
    member, other = members(committee)[:2]
    organisme = OrganismeFactory(region=committee.region)
    MembershipFactory(user=member, organisme=organisme, role=MembershipRole.COLLABORATOR)
    application = ApplicationFactory(status=S.ELIGIBLE, organisme=organisme)
    staff = StaffUserFactory()

    services.assign_applications(actor=staff, committee=committee, applications=[application])

    declaration = ConflictDeclaration.objects.get()
    assert (declaration.member, declaration.has_conflict, declaration.reason) == (
        member, True, ConflictReason.AUTOMATIC_MEMBERSHIP,
    )
    event = AuditEvent.objects.for_object(application).get(action="committee.conflict_recorded")
    assert event.actor == staff
    assert event.data["member"] == member.pk and event.data["reason"] == "automatic_membership"
    # The member's expected scorecard is gone; the others' remain.
    assert committee_results(committee).expected == 3
    assert not ConflictDeclaration.objects.filter(member=other).exists()


@pytest.mark.django_db
def test_a_member_of_a_partner_named_by_the_application_is_conflicted():
    committee = CommitteeFactory()
    member = members(committee)[0]
    own = MembershipFactory(user=member, organisme=OrganismeFactory(legal_name="Réseau Entraide Verdun")).organisme
    application = ApplicationFactory(status=S.ELIGIBLE, organisme=OrganismeFactory(region=committee.region))
    PartnerOrganisme.objects.create(application=application, name="  réseau entraide verdun ", role="Partenaire")
    PartnerOrganisme.objects.create(application=application, name="Un autre partenaire", role="Partenaire")

    services.assign_applications(actor=StaffUserFactory(), committee=committee, applications=[application])

    declaration = ConflictDeclaration.objects.get()
    assert declaration.member == member and declaration.reason == ConflictReason.AUTOMATIC_PARTNER
    assert own.legal_name != "réseau entraide verdun"  # matched ignoring case and spaces


@pytest.mark.django_db
def test_an_automatically_conflicted_member_sees_nothing_of_the_application_results_included(client):
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    member = members(committee)[0]
    seen = assign(committee, title="Projet visible")
    hidden = assign(committee, title="Projet de mon organisme")
    # Membership after the assignment, nothing recorded: the computed rule hides it all the same.
    MembershipFactory(user=member, organisme=hidden.application.organisme)
    login_staff(client, member)

    for name in ("conflict", "application", "peers"):
        assert client.get(reverse(f"committees:{name}", args=[hidden.application.pk])).status_code == 404
    assert client.get(reverse("committees:conflict", args=[seen.application.pk])).status_code == 200
    dashboard = client.get(reverse("committees:dashboard")).content.decode()
    assert "Projet visible" in dashboard and "Projet de mon organisme" not in dashboard
    results = client.get(reverse("committees:results", args=[committee.pk])).content.decode()
    assert "Projet visible" in results and "Projet de mon organisme" not in results
    declare(hidden, member)  # even an earlier « no conflict » gives way to the fact
    with pytest.raises(PermissionDenied):
        services.start_scorecard(actor=member, assignment=hidden)


@pytest.mark.django_db
def test_a_membership_or_a_rename_after_the_member_s_facts_were_cached_hides_the_application_at_once(client):
    """The automatic rule reads the person's organismes from their cached facts (the header's):
    a membership added, or an organisme renamed into a partner's name, must show on the next page."""
    committee = CommitteeFactory()
    member = members(committee)[0]
    own = assign(committee, title="Projet de mon futur organisme")
    partnered = assign(committee, title="Projet avec un partenaire")
    PartnerOrganisme.objects.create(application=partnered.application, name="Le Nouveau Nom", role="Partenaire")
    login_staff(client, member)
    dashboard = client.get(reverse("committees:dashboard")).content.decode()
    assert "Projet de mon futur organisme" in dashboard and "Projet avec un partenaire" in dashboard

    mine = MembershipFactory(user=member, organisme=own.application.organisme).organisme
    assert client.get(reverse("committees:conflict", args=[own.application.pk])).status_code == 404
    assert client.get(reverse("committees:conflict", args=[partnered.application.pk])).status_code == 200

    mine.legal_name = "le nouveau nom"
    mine.save()
    assert client.get(reverse("committees:conflict", args=[partnered.application.pk])).status_code == 404
    assert "Projet avec un partenaire" not in client.get(reverse("committees:dashboard")).content.decode()


@pytest.mark.django_db
def test_a_new_seat_holder_gets_the_automatic_conflicts_of_the_applications_already_assigned():
    committee = CommitteeFactory()
    application, staff = _assign_through_the_service(committee)
    newcomer = StaffUserFactory(is_staff=False)
    MembershipFactory(user=newcomer, organisme=application.organisme)
    seats = [
        services.SeatSpec(seat.kind, newcomer if seat.kind == "community_organisation" else seat.user, "Organisme")
        for seat in committee.seats.all()
    ]
    services.save_committee(actor=staff, committee=committee, tiers=committee.tiers.all(), seats=seats)

    declaration = ConflictDeclaration.objects.get(member=newcomer)
    assert declaration.has_conflict and declaration.reason == ConflictReason.AUTOMATIC_MEMBERSHIP


@pytest.mark.django_db
def test_a_self_declared_conflict_needs_a_reason():
    assignment = assign(CommitteeFactory())
    member = members(assignment.committee)[0]
    with pytest.raises(ValidationError) as error:
        services.declare_conflict(actor=member, assignment=assignment, has_conflict=True)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):  # the automatic reasons are the portal's, not the member's
        services.declare_conflict(
            actor=member, assignment=assignment, has_conflict=True, reason=ConflictReason.AUTOMATIC_MEMBERSHIP
        )
    assert not ConflictDeclaration.objects.exists()

    services.declare_conflict(actor=member, assignment=assignment, has_conflict=True, reason=ConflictReason.BOARD)
    assert ConflictDeclaration.objects.get().reason == ConflictReason.BOARD
    event = AuditEvent.objects.get(action="committee.conflict_declared")
    assert event.data["reason"] == "board"


def _withdraw_in_admin(client, declaration, reason):
    return client.post(
        reverse("admin:committees_conflictdeclaration_changelist"),
        {"action": "withdraw", "_selected_action": [declaration.pk], "confirmer": "oui", "reason": reason},
    )


@pytest.mark.django_db
def test_staff_see_every_conflict_of_a_committee_and_withdraw_a_declared_one_with_a_reason(client):
    committee = CommitteeFactory(name="Comité Montréal hiver")
    assignment = assign(committee, title="Portables")
    declared_by, automatic_for = members(committee)[:2]
    declaration = declare(assignment, declared_by, has_conflict=True, reason=ConflictReason.EMPLOYMENT)
    automatic = declare(assignment, automatic_for, has_conflict=True, reason=ConflictReason.AUTOMATIC_PARTNER)
    elsewhere = declare(assign(CommitteeFactory()), members(CommitteeFactory())[0], has_conflict=True)
    staff = StaffUserFactory()
    login_staff(client, staff)

    changelist = client.get(reverse("admin:committees_committee_changelist")).content.decode()
    link = f"has_conflict__exact=1&amp;assignment__committee__id__exact={committee.pk}"
    assert link in changelist
    listing = client.get(
        reverse("admin:committees_conflictdeclaration_changelist") + "?" + link.replace("&amp;", "&")
    ).content.decode()
    assert str(declared_by) in listing and str(automatic_for) in listing and str(elsewhere.member) not in listing
    assert "Emploi actuel ou passé" in listing and "organisme partenaire du projet (automatique)" in listing

    page = _withdraw_in_admin(client, declaration, "")
    assert page.status_code == 200 and "Ce champ est obligatoire" in page.content.decode()
    assert _withdraw_in_admin(client, declaration, "Ancien emploi terminé en 2019.").status_code == 302
    declaration.refresh_from_db()
    assert not declaration.has_conflict and declaration.withdrawn_by == staff
    assert declaration.withdrawal_reason == "Ancien emploi terminé en 2019."
    event = AuditEvent.objects.for_object(assignment.application).get(action="committee.conflict_withdrawn")
    assert event.actor == staff and event.data == {
        "committee": committee.pk, "member": declared_by.pk, "reason": "Ancien emploi terminé en 2019."
    }
    # The member reads the application again.
    login_staff(client, declared_by)
    assert client.get(reverse("committees:application", args=[assignment.application.pk])).status_code == 200

    client.force_login(staff)
    _withdraw_in_admin(client, automatic, "Je pense que c'est une erreur.")
    automatic.refresh_from_db()
    assert automatic.has_conflict and automatic.withdrawn_at is None


@pytest.mark.django_db
def test_only_staff_of_the_committees_region_withdraw_a_conflict():
    assignment = assign(CommitteeFactory())
    member = members(assignment.committee)[0]
    declaration = declare(assignment, member, has_conflict=True)
    estrie = regional_staff(ESTRIE)
    estrie.user_permissions.add(Permission.objects.get(codename="change_committee"))
    estrie = type(estrie).objects.get(pk=estrie.pk)
    for actor in (member, estrie):
        with pytest.raises(PermissionDenied):
            services.withdraw_conflict(actor=actor, declaration=declaration, reason="Erreur.")
    with pytest.raises(ValidationError):
        services.withdraw_conflict(actor=StaffUserFactory(), declaration=declaration, reason="   ")
    declaration.refresh_from_db()
    assert declaration.has_conflict
    assert not AuditEvent.objects.filter(action="committee.conflict_withdrawn").exists()
