"""Creating an organisme, joining one, invitations, and the last responsible person who stays."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from organismes import services
from organismes.models import (
    InvitationStatus,
    JoinRequestStatus,
    Membership,
    MembershipRole,
)
from tests.applications.pages import page
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory
from tests.organismes.factories import JoinRequestFactory, member_of

pytestmark = pytest.mark.django_db


def test_people_without_an_organisme_land_on_create_or_join(client, settings):
    assert settings.LOGIN_REDIRECT_URL == "organismes:dashboard"
    client.force_login(UserFactory())
    response = client.get(reverse("organismes:dashboard"), follow=True)
    html = page(response)
    assert response.redirect_chain[-1][0] == reverse("organismes:start")
    assert "Inscrire mon organisme" in html and "Rejoindre un organisme déjà inscrit" in html


def test_invalid_neq_is_explained_and_typed_data_kept(client):
    client.force_login(UserFactory())
    response = client.post(reverse("organismes:create"), {"legal_name": "Le Pignon bleu", "neq": "12345"})
    html = page(response)
    assert "Le NEQ doit compter exactement 10 chiffres" in html
    assert 'value="Le Pignon bleu"' in html


def test_join_by_neq_then_refusal(client):
    organisme = OrganismeFactory()
    responsible = member_of(organisme)
    newcomer = UserFactory()
    client.force_login(newcomer)
    page(client.post(reverse("organismes:join"), {"neq": organisme.neq, "message": "Bonjour"}, follow=True))
    # Asking twice does not make two requests.
    client.post(reverse("organismes:join"), {"neq": organisme.neq})
    join_request = organisme.join_requests.get()
    notice = OutboxMessage.objects.get(template="join_request")
    assert notice.recipient_email == responsible.email and "Bonjour" in notice.body_html
    assert "/fr/organisme/equipe/" in notice.body_html

    client.force_login(responsible)
    assert newcomer.email in page(client.get(reverse("organismes:team")))
    client.post(reverse("organismes:refuse_join_request", args=[join_request.pk]))
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.REFUSED
    assert not Membership.objects.filter(user=newcomer).exists()


def test_unknown_neq_says_so(client):
    client.force_login(UserFactory())
    html = page(client.post(reverse("organismes:join"), {"neq": "9999999999"}))
    assert "Aucun organisme n'est inscrit avec ce NEQ." in html


def test_invitation_by_email_is_queued_and_accepted_by_the_invited_person(client):
    organisme = OrganismeFactory(preferred_language="en")
    client.force_login(member_of(organisme))
    client.post(reverse("organismes:team"), {"email": "Nouvelle.Collegue@Exemple.org", "role": MembershipRole.COLLABORATOR})
    invitation = organisme.invitations.get()
    message = OutboxMessage.objects.get(template="invitation")
    assert message.recipient_email == "nouvelle.collegue@exemple.org" and message.language == "en"
    assert f"/en/organisme/invitations/{invitation.token}/" in message.body_html

    # Inviting the same address twice is refused with a message.
    html = page(client.post(reverse("organismes:team"), {"email": "nouvelle.collegue@exemple.org", "role": "collaborator"}))
    assert "Une invitation est déjà en attente pour cette adresse." in html

    invited = UserFactory(email="nouvelle.collegue@exemple.org")
    client.force_login(invited)
    client.post(reverse("organismes:accept_invitation", args=[invitation.token]))
    assert Membership.objects.get(user=invited).organisme == organisme
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_collaborators_cannot_invite():
    organisme = OrganismeFactory()
    with pytest.raises(PermissionDenied):
        services.invite_collaborator(actor=member_of(organisme, MembershipRole.COLLABORATOR), organisme=organisme, email="x@exemple.org")


def test_remove_member_but_always_keep_one_responsible(client):
    organisme = OrganismeFactory()
    responsible = member_of(organisme)
    collaborator_membership = MembershipFactory(organisme=organisme, role=MembershipRole.COLLABORATOR)
    client.force_login(responsible)
    client.post(reverse("organismes:remove_member", args=[collaborator_membership.pk]))
    assert not Membership.objects.filter(pk=collaborator_membership.pk).exists()
    assert AuditEvent.objects.filter(action="organisme.remove_member").exists()

    own = Membership.objects.get(user=responsible)
    html = page(client.post(reverse("organismes:remove_member", args=[own.pk]), follow=True))
    assert "Un organisme garde toujours au moins une personne responsable" in html
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_collaborator_may_leave_but_not_remove_others():
    organisme = OrganismeFactory()
    responsible = member_of(organisme)
    collaborator = member_of(organisme, MembershipRole.COLLABORATOR)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=collaborator, membership=Membership.objects.get(user=responsible))
    services.remove_member(actor=collaborator, membership=Membership.objects.get(user=collaborator))
    assert list(organisme.members.all()) == [responsible]


def test_approving_twice_is_refused():
    join_request = JoinRequestFactory()
    responsible = member_of(join_request.organisme)
    services.approve_join_request(actor=responsible, join_request=join_request)
    with pytest.raises(ValidationError, match="déjà été traitée"):
        services.approve_join_request(actor=responsible, join_request=join_request)


ORGANISME_FIELDS = ["legal_name", "neq", "charity_number", "region", "street_address", "city", "postal_code",
                    "staff_count", "volunteer_count", "mission", "preferred_language"]


@pytest.mark.django_db
def test_arbitrary_input_on_the_organisme_forms_never_gives_a_500(client):
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    client.force_login(UserFactory())
    texts = st.one_of(st.text(max_size=40), st.sampled_from(["\x00", "١٢٣٤٥٦٧٨٩٠", "-1", "9" * 40, "🙂" * 300, "\u202e"]))

    @hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(values=st.fixed_dictionaries({name: texts for name in ORGANISME_FIELDS}), neq=texts, message=texts)
    def post_anything(values, neq, message):
        assert client.post(reverse("organismes:create"), values).status_code in (200, 302)
        assert client.post(reverse("organismes:join"), {"neq": neq, "message": message}).status_code in (200, 302)

    post_anything()
