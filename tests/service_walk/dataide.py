"""Unauthorised actors for the core's services (record_event is exempt: it writes the audit row
of a change its caller already authorised)."""

from dataide.accounts import services as accounts
from dataide.accounts.roles import Role
from dataide.outbox import services as outbox
from dataide.outbox.models import MessageStatus, OutboxMessage
from dataide.privacy import services as privacy
from dataide.privacy.models import ConfidentialityIncident, ConsentMethod, ConsentPurpose
from tests.factories import StaffUserFactory, UserFactory


def _resend_message():
    message = OutboxMessage.objects.create(
        recipient_email="organisme@exemple.org", template="application_received", status=MessageStatus.FAILED
    )
    # Regional staff read the messages of their organismes but do not send them again.
    outbox.resend_message(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), message=message)


def _update_name():
    # Only the person themself renames their account here (staff use the admin).
    accounts.update_name(actor=UserFactory(), person=UserFactory(), full_name="Julie Lavoie")


def _publish_notice():
    # Regional staff work in the admin but do not speak for Centraide on privacy.
    privacy.publish_notice(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), text_fr="X", text_en="X")


def _update_officer():
    privacy.update_officer(actor=UserFactory(), title="Responsable", email="x@exemple.org")


def _save_consent_purpose():
    # Regional staff do not word what the DATAide team asks people to consent to.
    purpose = ConsentPurpose.objects.first()
    purpose.text_fr = "Autre texte"
    privacy.save_consent_purpose(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), purpose=purpose, fields=["text_fr"])


def _set_consent():
    # Consent is personal: nobody, staff included, consents for someone else.
    privacy.set_consent(
        actor=StaffUserFactory(), person=UserFactory(), purpose=ConsentPurpose.objects.first(), given=True,
        method=ConsentMethod.ACCOUNT,
    )


def _record_incident():
    # The register is the DATAide team's: regional staff neither read nor write it.
    privacy.record_incident(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), persons_count=1)


def _update_incident():
    incident = ConfidentialityIncident.objects.create(
        information_concerned="x", circumstances="x", occurred_from="2026-11-02", aware_on="2026-11-03",
        persons_count=1, risk_assessment="x", measures="x",
    )
    privacy.update_incident(actor=UserFactory(), incident=incident, measures="y")


def _request_export():
    # A collaborator asks for their own data, not the organisme's (the responsible person's).
    from tests.factories import MembershipFactory

    membership = MembershipFactory(role="collaborator")
    privacy.request_export(actor=membership.user, organisme_id=membership.organisme_id)


def _download_export():
    from django.utils import timezone

    from dataide.privacy.models import DataExport

    export = DataExport.objects.create(token="jeton", requested_by=UserFactory(), expires_at=timezone.now())
    privacy.download_export(actor=UserFactory(), token=export.token)


def _close_account():
    # Nobody closes someone else's account.
    privacy.close_account(actor=UserFactory(), person=UserFactory())


def _record_request():
    from django.utils import timezone

    privacy.record_request(actor=StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]), kind="access",
                           requester_email="a@exemple.org", details="x", received_on=timezone.localdate())


def _answer_request():
    from django.utils import timezone

    from dataide.privacy.models import PrivacyRequest

    request = PrivacyRequest.objects.create(kind="access", requester_email="a@exemple.org", details="x",
                                            received_on=timezone.localdate(), due_on=timezone.localdate())
    privacy.answer_request(actor=UserFactory(), request=request, answer="Réponse")


CASES = {
    "dataide.privacy.services.record_request": _record_request,
    "dataide.privacy.services.answer_request": _answer_request,
    "dataide.privacy.services.close_account": _close_account,
    "dataide.privacy.services.request_export": _request_export,
    "dataide.privacy.services.download_export": _download_export,
    "dataide.privacy.services.record_incident": _record_incident,
    "dataide.privacy.services.update_incident": _update_incident,
    "dataide.privacy.services.publish_notice": _publish_notice,
    "dataide.privacy.services.update_officer": _update_officer,
    "dataide.privacy.services.set_consent": _set_consent,
    "dataide.privacy.services.save_consent_purpose": _save_consent_purpose,
    "dataide.outbox.services.resend_message": _resend_message,
    "dataide.accounts.services.update_name": _update_name,
}
