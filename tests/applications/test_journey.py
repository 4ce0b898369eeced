"""The organisme's whole journey through its pages, as a person without JavaScript lives it."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.attestation import VERSION as ATTESTED
from applications.models import Application, ApplicationStatus
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from organismes.models import Membership, MembershipRole
from tests.applications.factories import complete_draft, eligible_organisme, open_gate, pdf_upload
from tests.applications.pages import page
from tests.factories import OrganismeFactory, UserFactory
from tests.organismes.factories import JoinRequestFactory, member_of

pytestmark = pytest.mark.django_db

ORGANISME_FORM = {
    "legal_name": "Maison de quartier Hochelaga",
    "neq": "1140 000 000",
    "charity_number": "",
    "region": "",
    "street_address": "1000, rue Ontario Est",
    "city": "Montréal",
    "postal_code": "h1w1a1",
    "staff_count": "4",
    "volunteer_count": "20",
    "mission": "Un milieu de vie pour les familles.",
    "preferred_language": "fr-ca",
}


def _region_pk():
    from programs.models import Region

    return str(Region.objects.get(code="06").pk)


def _post_step(client, application, step, data, action="next"):
    return client.post(reverse("applications:step", args=[application.pk, step]), {**data, "action": action})


def _budget(lines):
    data = {"lignes-TOTAL_FORMS": str(len(lines)), "lignes-INITIAL_FORMS": "0"}
    for index, (category, description, line_amount) in enumerate(lines):
        data.update({
            f"lignes-{index}-category": category,
            f"lignes-{index}-description": description,
            f"lignes-{index}-amount": line_amount,
        })
    return data


def test_create_organisme_then_eligible_draft_attachments_submit_and_withdraw(client, mailoutbox):
    person = UserFactory()
    colleague = UserFactory()
    client.force_login(person)

    # After signing in, someone without an organisme lands on "create or join".
    assert client.get(reverse("organismes:dashboard")).url == reverse("organismes:start")
    response = client.post(reverse("organismes:create"), {**ORGANISME_FORM, "region": _region_pk()})
    assert response.status_code == 302, page(response)[:3000]
    membership = Membership.objects.get(user=person)
    organisme = membership.organisme
    assert membership.role == MembershipRole.RESPONSIBLE
    assert organisme.neq == "1140000000" and organisme.postal_code == "H1W 1A1"
    Membership.objects.create(user=colleague, organisme=organisme, role=MembershipRole.COLLABORATOR)

    # Before the webinar the dashboard says what to do; after it, that the organisme may apply.
    html = page(client.get(reverse("organismes:dashboard")))
    assert "Il faut d'abord assister à un webinaire de sensibilisation" in html
    open_gate(organisme)
    html = page(client.get(reverse("organismes:dashboard")))
    assert re.search(r"Vous avez assisté au webinaire du .+ Vous pouvez demander une bourse Amorçage", html)

    response = client.post(reverse("applications:start"), {"tier": "amorcage"})
    application = Application.objects.get(organisme=organisme)
    assert response.url == reverse("applications:step", args=[application.pk, "besoin"])

    assert _post_step(client, application, "besoin", {"title": "Des portables", "need": "Nos postes ont dix ans."}).url == (
        reverse("applications:step", args=[application.pk, "projet"])
    )
    _post_step(client, application, "projet", {
        "project_summary": "Acheter deux portables.", "expected_results": "Inscriptions en ligne.",
        "timeline": "Printemps 2027.", "public_summary": "Deux portables pour l'accueil.",
    })

    # "Ajouter une ligne" works without JavaScript: the rows typed so far come back plus one.
    response = _post_step(client, application, "budget", _budget([("equipment", "Deux portables", "3 000,00")]), "add_line")
    assert response.status_code == 200
    assert 'name="lignes-TOTAL_FORMS" value="2"' in page(response)
    budget = _budget([("equipment", "Deux portables", "3000"), ("software", "Licences", "1200,50")])
    assert _post_step(client, application, "budget", budget).url == reverse("applications:step", args=[application.pk, "documents"])

    response = client.post(
        reverse("applications:step", args=[application.pk, "documents"]), {"action": "upload", "file": pdf_upload()}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_requested == 4200.50
    assert application.attachments.count() == 1

    html = page(client.get(reverse("applications:review", args=[application.pk])))
    assert "Votre demande est complète" in html

    # A collaborator sees why they cannot submit, and is refused if they try.
    client.force_login(colleague)
    html = page(client.get(reverse("applications:review", args=[application.pk])))
    assert "Seule la personne responsable de l'organisme peut soumettre la demande" in html
    response = client.post(reverse("applications:submit", args=[application.pk]), {"attestation": ATTESTED}, follow=True)
    assert "Seule la personne responsable" in page(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT

    client.force_login(person)
    response = client.post(reverse("applications:submit", args=[application.pk]), {"attestation": ATTESTED}, follow=True)
    application.refresh_from_db()
    year = timezone.localdate().year
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.number == f"AMO-{year}-0001"
    html = page(response)
    assert f"AMO-{year}-0001" in html and "Reçue" in html

    received = OutboxMessage.objects.filter(template="application_received")
    assert sorted(received.values_list("recipient_email", flat=True)) == sorted([person.email, colleague.email])
    assert all(message.language == "fr-ca" for message in received)
    assert "/fr/volets/amorcage/guide.pdf" in received.first().body_html
    assert f"/fr/demandes/{application.pk}/" in received.first().body_html

    # Frozen: the steps send back to the application page.
    response = client.get(reverse("applications:step", args=[application.pk, "besoin"]))
    assert response.url == reverse("applications:detail", args=[application.pk])

    pdf = client.get(reverse("applications:pdf", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf["Content-Disposition"].startswith("attachment")
    assert pdf.content.startswith(b"%PDF")

    response = client.post(reverse("applications:withdraw", args=[application.pk]), {"reason": "Projet reporté"}, follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    html = page(response)
    assert "Retirée" in html and "Projet reporté" in html and "Reçue" in html
    assert OutboxMessage.objects.filter(template="application_withdrawn").count() == 2
    # The timeline shows every step of its life.
    assert [c.to_status for c in application.status_changes.all()] == ["draft", "submitted", "withdrawn"]


def test_second_claim_of_a_neq_becomes_a_join_request_the_responsible_approves(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("organismes:create"), {**ORGANISME_FORM, "region": _region_pk()})
    organisme = Membership.objects.get(user=person).organisme

    newcomer = UserFactory()
    client.force_login(newcomer)
    response = client.post(
        reverse("organismes:create"), {**ORGANISME_FORM, "region": _region_pk(), "neq": "1140000000"}, follow=True
    )
    assert "votre demande pour rejoindre son équipe a été envoyée" in page(response)
    join_request = organisme.join_requests.get()
    assert join_request.user == newcomer
    assert not Membership.objects.filter(user=newcomer).exists()

    client.force_login(person)
    client.post(reverse("organismes:approve_join_request", args=[join_request.pk]))
    assert Membership.objects.get(user=newcomer).role == MembershipRole.COLLABORATOR


def test_a_collaborator_cannot_approve_and_is_told_why(client):
    join_request = JoinRequestFactory()
    collaborator = member_of(join_request.organisme, MembershipRole.COLLABORATOR)
    client.force_login(collaborator)
    response = client.post(reverse("organismes:approve_join_request", args=[join_request.pk]), follow=True)
    assert "Seule la personne responsable de l'organisme peut accepter" in page(response)
    assert not Membership.objects.filter(user=join_request.user).exists()


def test_confirmation_goes_out_in_the_organismes_language_with_the_guide_in_that_language():
    organisme = OrganismeFactory(preferred_language="en")
    open_gate(organisme)
    member = member_of(organisme)
    application = services.submit_application(actor=member, application=complete_draft(organisme), attestation=ATTESTED)
    message = OutboxMessage.objects.get(template="application_received")
    assert message.language == "en" and message.recipient_user == member
    assert "/en/volets/amorcage/guide.pdf" in message.body_html
    assert f"/en/demandes/{application.pk}/" in message.body_html
    assert message.addressee == organisme and message.about == application


def test_submitting_takes_the_attestation_and_records_its_version(client):
    organisme = eligible_organisme()
    member = member_of(organisme)
    application = complete_draft(organisme)
    client.force_login(member)
    review = page(client.get(reverse("applications:review", args=[application.pk])))
    assert "J'atteste que les renseignements de cette demande" in review
    assert f'name="attestation" value="{ATTESTED}"' in review

    url = reverse("applications:submit", args=[application.pk])
    for refused in ({}, {"attestation": "2020-01-01"}):  # not ticked, or an older wording
        html = page(client.post(url, refused, follow=True))
        assert "Cochez l'attestation que les renseignements sont exacts" in html
        application.refresh_from_db()
        assert application.status == ApplicationStatus.DRAFT

    client.post(url, {"attestation": ATTESTED})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    event = AuditEvent.objects.get(action="application.submitted", target_id=application.pk)
    assert event.data["attestation"] == ATTESTED
