"""Each rule of the application is enforced on the server with a clear French message, and what
the person typed is kept."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.attestation import VERSION as ATTESTED
from applications.models import Application, ApplicationStatus
from organismes.models import MembershipRole
from programs.models import GrantTier
from tests.applications.factories import complete_draft, eligible_organisme
from tests.applications.pages import page
from tests.factories import ApplicationFactory, OrganismeFactory, tier
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def _signed_in(client, organisme, role=MembershipRole.RESPONSIBLE):
    user = member_of(organisme, role)
    client.force_login(user)
    return user


def _submit(client, application):
    return page(client.post(reverse("applications:submit", args=[application.pk]), {"attestation": ATTESTED}, follow=True))


def test_gate_closed_refuses_to_start_with_the_next_step(client):
    organisme = OrganismeFactory()
    _signed_in(client, organisme)
    html = page(client.post(reverse("applications:start"), {"tier": "amorcage"}, follow=True))
    assert "Il faut d'abord assister à un webinaire de sensibilisation" in html
    assert not Application.objects.exists()


def test_window_closed_at_submission(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = complete_draft(organisme)
    yesterday = timezone.localdate() - timedelta(days=1)
    GrantTier.objects.filter(code="amorcage").update(window_opens_on=yesterday - timedelta(days=90), window_closes_on=yesterday)
    html = _submit(client, application)
    assert "La période de dépôt des demandes de bourse Amorçage s'est terminée le" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and application.number is None


def test_one_open_application_per_tier(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    complete_draft(organisme)
    html = page(client.post(reverse("applications:start"), {"tier": "amorcage"}, follow=True))
    assert "Votre organisme a déjà une demande de bourse Amorçage en cours" in html
    assert Application.objects.count() == 1


def test_no_second_award_in_the_same_tier(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    ApplicationFactory(organisme=organisme, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))
    html = page(client.post(reverse("applications:start"), {"tier": "amorcage"}, follow=True))
    assert "Votre organisme a déjà reçu une bourse Amorçage" in html


def _budget_post(client, application, lines, action="next"):
    data = {"lignes-TOTAL_FORMS": str(len(lines)), "lignes-INITIAL_FORMS": "0", "action": action}
    for index, (category, description, line_amount) in enumerate(lines):
        data.update({f"lignes-{index}-category": category, f"lignes-{index}-description": description, f"lignes-{index}-amount": line_amount})
    return client.post(reverse("applications:step", args=[application.pk, "budget"]), data)


def test_requested_amount_is_the_sum_of_the_lines_never_typed(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = complete_draft(organisme)
    html = page(client.get(reverse("applications:step", args=[application.pk, "budget"])))
    assert "amount_requested" not in html  # nothing asks for it
    response = _budget_post(client, application, [("equipment", "Tablettes pour l'accueil", "1500"), ("training", "Atelier", "500,25")])
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_requested == Decimal("2000.25")
    assert [line.description for line in application.budget_lines.all()] == ["Tablettes pour l'accueil", "Atelier"]
    html = page(client.get(reverse("applications:step", args=[application.pk, "budget"]))).replace("\u00a0", " ")
    assert "Montant demandé (total des lignes)" in html and "<strong>2 000,25 $</strong>" in html
    assert "doit être égal au total" not in _submit(client, application)


def test_amorcage_is_at_most_5000(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = complete_draft(organisme)
    html = page(_budget_post(client, application, [("equipment", "Serveur", "6000")])).replace("\u00a0", " ")
    assert "Le montant demandé (6 000 $) dépasse le maximum de la bourse Amorçage (5 000 $)." in html
    html = _submit(client, application).replace("\u00a0", " ")
    assert "dépasse le maximum de la bourse Amorçage (5 000 $)" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_negative_or_malformed_amounts_are_form_errors(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = complete_draft(organisme)
    html = page(_budget_post(client, application, [("equipment", "Écran", "0"), ("other", "Divers", "douze")]))
    assert "Le montant d'une ligne doit être plus grand que zéro." in html
    assert "Écrivez un montant en dollars, par exemple 4 200,50." in html
    assert 'value="douze"' in html


def test_required_fields_complete_at_submission(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = ApplicationFactory(organisme=organisme, amount_requested=Decimal("0"))
    html = _submit(client, application)
    assert "Le champ « besoin » est à remplir." in html
    assert "Ajoutez au moins une ligne au budget." in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_innovation_needs_partners():
    organisme = eligible_organisme("innovation")
    member = member_of(organisme)
    application = complete_draft(organisme, "innovation")
    application.partners.all().delete()
    with pytest.raises(ValidationError) as refusal:
        services.submit_application(actor=member, application=application, attestation=ATTESTED)
    assert "Nommez au moins un organisme partenaire du projet." in refusal.value.messages


def test_text_over_its_limit_is_refused_and_kept(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme)
    application = complete_draft(organisme)
    too_long = "é" * 3001
    response = client.post(
        reverse("applications:step", args=[application.pk, "besoin"]),
        {"title": "Nouveau titre", "need": too_long, "action": "next"},
    )
    html = page(response)
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 3000 caractères" in html
    assert too_long in html
    application.refresh_from_db()
    # The valid answer of the same step was saved; the one too long was not.
    assert application.title == "Nouveau titre" and application.need == "Nos ordinateurs ont dix ans."


def test_submitted_application_is_frozen():
    organisme = eligible_organisme()
    member = member_of(organisme)
    application = services.submit_application(actor=member, application=complete_draft(organisme), attestation=ATTESTED)
    with pytest.raises(ValidationError, match="ne peut plus être modifiée"):
        services.save_draft(actor=member, application=application, fields={"need": "Autre chose"})
    with pytest.raises(ValidationError):
        services.save_draft(actor=member, application=application, budget_lines=[])


def test_collaborator_edits_but_cannot_submit_or_withdraw(client):
    organisme = eligible_organisme()
    _signed_in(client, organisme, MembershipRole.COLLABORATOR)
    application = complete_draft(organisme)
    client.post(reverse("applications:step", args=[application.pk, "besoin"]), {"title": "Par la collègue", "need": "Oui", "action": "save"})
    application.refresh_from_db()
    assert application.title == "Par la collègue"

    assert "Seule la personne responsable de l'organisme peut soumettre la demande." in _submit(client, application)
    html = page(client.get(reverse("applications:withdraw", args=[application.pk])))
    assert "Seule la personne responsable de l'organisme peut retirer la demande." in html
    html = page(client.post(reverse("applications:withdraw", args=[application.pk]), follow=True))
    assert "Seule la personne responsable de l'organisme peut retirer la demande." in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_no_withdrawal_after_a_decision():
    organisme = eligible_organisme()
    member = member_of(organisme)
    application = ApplicationFactory(organisme=organisme, status=ApplicationStatus.DECLINED, number="AMO-2026-0100")
    with pytest.raises(ValidationError, match="ne peut pas passer"):
        services.withdraw_application(actor=member, application=application)


def test_numbers_follow_each_other_per_tier_and_year():
    year = timezone.localdate().year
    numbers = []
    for _ in range(3):
        organisme = eligible_organisme()
        application = services.submit_application(actor=member_of(organisme), application=complete_draft(organisme), attestation=ATTESTED)
        numbers.append(application.number)
    assert numbers == [f"AMO-{year}-0001", f"AMO-{year}-0002", f"AMO-{year}-0003"]
    organisme = eligible_organisme("acceleration")
    application = services.submit_application(actor=member_of(organisme), application=complete_draft(organisme, "acceleration"), attestation=ATTESTED)
    assert application.number == f"{tier('acceleration').number_prefix}-{year}-0001"
