"""Unauthorised actors for every grants service: a collaborator (signing is the responsible
person's), regional staff of another region, staff without the
permission."""

from datetime import date

from django.contrib.auth.models import Permission

from applications.statuses import ApplicationStatus as S
from grants import services
from grants.models import (
    Amendment,
    FinalReport,
    Payment,
    PaymentBatch,
    PaymentBatchLine,
    ReportAttachment,
    ReportStatus,
)
from organismes.models import MembershipRole
from tests.applications.factories import pdf_upload
from tests.factories import OrganismeFactory, StaffUserFactory, region, tier
from tests.grants.factories import awarded_quietly, signed_quietly
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, submitted_application

SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}


def _publish_text():
    services.publish_agreement_text(actor=regional_staff(ESTRIE), tier=tier(), body_fr="Texte", body_en="Text")


def _create_agreement():
    application = submitted_application("AMO-2026-0951", region_code=MONTREAL, status=S.AWARDED, amount_awarded=4000)
    services.create_agreement(application, actor=regional_staff(ESTRIE))


def _sign_by_a_collaborator():
    organisme = OrganismeFactory()
    application = awarded_quietly(organisme)
    services.sign_agreement(
        actor=member_of(organisme, role=MembershipRole.COLLABORATOR), agreement=application.agreement, **SIGNATURE
    )


def _estrie_staff_who_may_pay():
    """Estrie staff holding even the payment permission: the region scope refuses Montréal."""
    user = regional_staff(ESTRIE)
    user.user_permissions.add(Permission.objects.get(codename="add_payment"))
    return type(user).objects.get(pk=user.pk)


def _montreal_signed():
    return signed_quietly(OrganismeFactory(region=region(MONTREAL)))


def _record_payment():
    services.record_payment(
        actor=_estrie_staff_who_may_pay(), application=_montreal_signed(), amount=100, paid_on=date(2026, 12, 1),
        method="transfer",
    )


def _reverse_payment():
    application = _montreal_signed()
    payment = Payment.objects.create(
        application=application, amount=100, paid_on=date(2026, 12, 1), method="transfer",
        recorded_by=StaffUserFactory(),
    )
    services.reverse_payment(actor=_estrie_staff_who_may_pay(), payment=payment, reason="Erreur")


def _create_batch():
    services.create_payment_batch(actor=_estrie_staff_who_may_pay(), applications=[_montreal_signed()])


def _mark_batch_paid():
    batch = PaymentBatch.objects.create(created_by=StaffUserFactory())
    PaymentBatchLine.objects.create(batch=batch, application=_montreal_signed(), amount=100)
    services.mark_batch_paid(actor=_estrie_staff_who_may_pay(), batch=batch, paid_on=date(2026, 12, 1))


def _paid_quietly():
    application = _montreal_signed()
    type(application).objects.filter(pk=application.pk).update(status=S.PAID)
    application.refresh_from_db()
    return application


def _submitted_report():
    application = _paid_quietly()
    FinalReport.objects.create(application=application, status=ReportStatus.SUBMITTED)
    return application


def _save_report_by_a_stranger():
    services.save_report(actor=member_of(OrganismeFactory()), application=_paid_quietly(), answers={})


def _accept_report():
    services.accept_report(actor=regional_staff(ESTRIE), application=_submitted_report())


def _request_changes():
    services.request_report_changes(actor=regional_staff(ESTRIE), application=_submitted_report(), message="")


def _close():
    services.close_application(actor=regional_staff(ESTRIE), application=_submitted_report())


def _file_paper_copy():
    """Estrie staff filing a Montréal organisme's paper copy: refused by the region scope."""
    application = awarded_quietly(OrganismeFactory(region=region(MONTREAL)))
    services.record_paper_signature(
        actor=regional_staff(ESTRIE), agreement=application.agreement, uploaded_file=pdf_upload(),
        full_name="Julie Lavoie", title="Directrice",
    )


def _countersign():
    services.countersign_agreement(actor=regional_staff(ESTRIE), agreement=_montreal_signed().agreement)


def _add_report_attachment_by_a_stranger():
    services.add_report_attachment(actor=member_of(OrganismeFactory()), application=_paid_quietly(), uploaded_file=pdf_upload())


def _remove_report_attachment_by_staff():
    application = _paid_quietly()
    report = FinalReport.objects.create(application=application)
    attachment = ReportAttachment.objects.create(report=report, file="reports/x.pdf", original_name="x.pdf", content_type="application/pdf", size=1)
    services.remove_report_attachment(actor=regional_staff(ESTRIE), application=application, attachment=attachment)


LINES = [{"category": "equipment", "description": "Portable", "amount": 100}]


def _request_amendment_by_a_collaborator():
    organisme = OrganismeFactory()
    services.request_amendment(
        actor=member_of(organisme, role=MembershipRole.COLLABORATOR), application=signed_quietly(organisme),
        lines=LINES, timeline="", reason="Moins cher",
    )


def _pending_amendment():
    application = _montreal_signed()
    return Amendment.objects.create(application=application, lines=LINES, timeline="", reason="x", requested_by=StaffUserFactory())


def _approve_amendment():
    services.approve_amendment(actor=regional_staff(ESTRIE), amendment=_pending_amendment())


def _refuse_amendment():
    services.refuse_amendment(actor=regional_staff(ESTRIE), amendment=_pending_amendment(), reason="Non")


CASES = {
    "grants.services.request_amendment": _request_amendment_by_a_collaborator,
    "grants.services.approve_amendment": _approve_amendment,
    "grants.services.refuse_amendment": _refuse_amendment,
    "grants.services.add_report_attachment": _add_report_attachment_by_a_stranger,
    "grants.services.remove_report_attachment": _remove_report_attachment_by_staff,
    "grants.services.record_paper_signature": _file_paper_copy,
    "grants.services.countersign_agreement": _countersign,
    "grants.services.save_report": _save_report_by_a_stranger,
    "grants.services.accept_report": _accept_report,
    "grants.services.request_report_changes": _request_changes,
    "grants.services.close_application": _close,
    "grants.services.record_payment": _record_payment,
    "grants.services.reverse_payment": _reverse_payment,
    "grants.services.create_payment_batch": _create_batch,
    "grants.services.mark_batch_paid": _mark_batch_paid,
    "grants.services.publish_agreement_text": _publish_text,
    "grants.services.create_agreement": _create_agreement,
    "grants.services.sign_agreement": _sign_by_a_collaborator,
}
