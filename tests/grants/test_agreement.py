"""The agreement: generated with the award, read and signed online by the responsible person,
its version and the hash of the PDF read frozen; reminders; the staff queue."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from applications.statuses import ApplicationStatus as S
from dataide.audit.models import AuditEvent
from dataide.outbox.models import OutboxMessage
from grants import selectors, services
from grants.models import Agreement, AgreementText
from organismes.models import MembershipRole
from tests.factories import OrganismeFactory, StaffUserFactory, tier
from tests.grants.factories import awarded
from tests.helpers import login_staff, pdf_text
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice générale", "authority_confirmed": "on"}


def _agreement_url(application):
    return reverse("grants:agreement", args=[application.pk])


def test_an_award_generates_the_agreement_with_the_tier_text_and_schedule():
    application = awarded(code="acceleration", amount=Decimal("10000"))
    agreement = application.agreement
    assert agreement.version == 1 and agreement.amount == Decimal("10000")
    assert [(step["percent"], step["trigger"], step["amount"]) for step in agreement.schedule] == [
        ("80.00", "signature", "8000.00"), ("20.00", "report_accepted", "2000.00"),
    ]
    assert AuditEvent.objects.for_object(agreement).filter(action="agreement.generated").exists()


def test_later_text_and_schedule_edits_do_not_change_an_existing_agreement():
    application = awarded(code="acceleration", amount=Decimal("10000"))
    services.publish_agreement_text(actor=StaffUserFactory(), tier=tier("acceleration"), body_fr="Nouveau", body_en="New")
    tier("acceleration").payment_steps.update(percent=50)
    agreement = Agreement.objects.get(pk=application.agreement.pk)
    assert agreement.version == 1 and agreement.schedule[0]["amount"] == "8000.00"
    assert awarded(code="acceleration", amount=Decimal("10000")).agreement.version == 2


def test_the_responsible_person_reads_and_signs_and_the_pdf_read_is_frozen(client):
    organisme = OrganismeFactory(legal_name="Maison des familles de Verdun")
    application = awarded(organisme, code="acceleration", amount=Decimal("12000"))
    client.force_login(member_of(organisme))

    page = client.get(_agreement_url(application))
    assert "J&#x27;ai l&#x27;autorité de signer au nom de l&#x27;organisme" in page.content.decode()
    pdf = client.get(reverse("grants:agreement_pdf", args=[application.pk])).content
    text = pdf_text(pdf)
    assert "Maison des familles de Verdun" in text and "12 000 $" in text and "9 600 $" in text and "80 %" in text
    assert "version 1" in text and "Protection des renseignements personnels" in text

    response = client.post(_agreement_url(application), SIGNATURE)

    assert response.status_code == 302
    agreement = Agreement.objects.get(application=application)
    assert agreement.signed_pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert (agreement.signed_version, agreement.signer_name, agreement.signer_title) == (1, "Julie Lavoie", "Directrice générale")
    application.refresh_from_db()
    assert application.status == S.AGREEMENT
    assert client.get(reverse("grants:agreement_pdf", args=[application.pk])).content == pdf
    assert AuditEvent.objects.for_object(agreement).filter(action="agreement.signed").exists()


def test_the_agreement_pdf_is_in_the_organismes_language(client):
    organisme = OrganismeFactory(preferred_language="en")
    application = awarded(organisme)
    text = pdf_text(services.agreement_pdf(application.agreement))
    assert "Grant agreement" in text and "$4,000" in text


def test_signing_without_the_authority_checkbox_keeps_what_was_typed(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    client.force_login(member_of(organisme))
    response = client.post(_agreement_url(application), {**SIGNATURE, "authority_confirmed": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Confirmez que vous avez l&#x27;autorité de signer" in content and "Julie Lavoie" in content
    assert not Agreement.objects.get(application=application).is_signed


def test_a_collaborator_sees_the_agreement_but_cannot_sign(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    collaborator = member_of(organisme, role=MembershipRole.COLLABORATOR)
    client.force_login(collaborator)

    page = client.get(_agreement_url(application)).content.decode()
    assert "seule la personne responsable de l'organisme peut la signer" in page
    assert 'name="authority_confirmed"' not in page
    client.post(_agreement_url(application), SIGNATURE)
    assert not Agreement.objects.get(application=application).is_signed
    with pytest.raises(PermissionDenied):
        services.sign_agreement(actor=collaborator, agreement=application.agreement, **SIGNATURE)


def test_another_organismes_person_cannot_sign():
    with pytest.raises(PermissionDenied):
        services.sign_agreement(actor=member_of(OrganismeFactory()), agreement=awarded().agreement, **SIGNATURE)


def test_another_organismes_agreement_is_a_404(client):
    application = awarded()
    client.force_login(member_of(OrganismeFactory()))
    assert client.get(_agreement_url(application)).status_code == 404
    assert client.get(reverse("grants:agreement_pdf", args=[application.pk])).status_code == 404


def test_staff_download_the_signed_pdf_from_the_admin(client):
    organisme = OrganismeFactory()
    application = awarded(organisme)
    agreement = services.sign_agreement(actor=member_of(organisme), agreement=application.agreement, **SIGNATURE)
    login_staff(client, StaffUserFactory())
    response = client.get(reverse("admin:grants_agreement_pdf", args=[agreement.pk]))
    assert hashlib.sha256(response.content).hexdigest() == agreement.signed_pdf_sha256


def test_staff_publish_a_new_text_version_in_the_admin(client):
    login_staff(client, StaffUserFactory())
    response = client.post(reverse("admin:grants_agreementtext_add"), {
        "tier": tier("innovation").pk, "body_fr": "Texte", "body_en": "Text", "conditions_fr": "", "conditions_en": "",
        "report_due_months": 18,
    })
    assert response.status_code == 302
    text = AgreementText.objects.get(tier=tier("innovation"), version=2)
    assert AuditEvent.objects.for_object(text).filter(action="agreement_text.published").exists()


def test_an_unsigned_agreement_is_reminded_once_after_14_days(django_capture_on_commit_callbacks):
    organisme = OrganismeFactory()
    member_of(organisme)
    application = awarded(organisme)
    now = timezone.now()
    assert services.queue_unsigned_agreement_reminders(now=now + timedelta(days=13)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.queue_unsigned_agreement_reminders(now=now + timedelta(days=15)) == 1
        assert services.queue_unsigned_agreement_reminders(now=now + timedelta(days=20)) == 0
    assert OutboxMessage.objects.filter(template="agreement_reminder").count() == 1
    assert any("attend votre signature" in message.subject for message in mail.outbox)
    assert application.agreement.pk in selectors.agreements_unsigned_too_long(now=now + timedelta(days=31)).values_list("pk", flat=True)
    assert not selectors.agreements_unsigned_too_long(now=now + timedelta(days=29)).exists()
