"""Unauthorised actors for every service of the applications app. Each case is built so that,
without the service's own check, the call would not be refused for lack of permission (the
input breaks a rule that is checked after the actor, or the call would succeed): a test that
fails when the check is removed."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications import decisions, services
from applications.attestation import VERSION as ATTESTED
from applications.conversation import services as conversation
from applications.decision_reviews import services as reviews
from applications.decision_reviews.models import DecisionReview
from applications.info_requests import services as info_requests
from applications.models import ApplicationStatus as S
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory, complete_draft, eligible_organisme
from tests.factories import ApplicationFactory, OrganismeFactory, UserFactory, tier
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, submitted_application


def _in_review():
    return submitted_application("AMO-2026-0901", status=S.IN_REVIEW)


def _regional_staff_of_the_region():
    """Screens in its region but does not decide (the DATAide team's alone)."""
    return regional_staff(MONTREAL)


def _award():
    decisions.award_application(actor=_regional_staff_of_the_region(), application=_in_review(), amount="abc")


def _decline():
    decisions.decline_application(actor=_regional_staff_of_the_region(), application=_in_review(), reason="")


def _waitlist():
    # A draft cannot be waitlisted: without the check, the refusal would be the transition's.
    draft = ApplicationFactory(status=S.DRAFT)
    decisions.waitlist_application(actor=_regional_staff_of_the_region(), application=draft)


def _cancel():
    awarded = submitted_application("AMO-2026-0902", status=S.AWARDED, amount_awarded=4000)
    decisions.cancel_award(actor=_regional_staff_of_the_region(), application=awarded, reason="")


def _decide():
    decisions.decide(actor=_regional_staff_of_the_region(), application=_in_review(), decision="n'importe quoi")


def _screen():
    application = submitted_application("AMO-2026-0903", region_code=MONTREAL)
    services.screen_application(actor=regional_staff(ESTRIE), application=application, eligible=False, message="")


def _remind():
    application = submitted_application("AMO-2026-0904", region_code=MONTREAL)
    services.send_reminder(actor=regional_staff(ESTRIE), application=application, message="")


def _create_draft():
    # The organisme's gate is closed: without the check the refusal would be eligibility's.
    services.create_draft(actor=UserFactory(), organisme=OrganismeFactory(), tier=tier())


def _save_draft():
    submitted = submitted_application("AMO-2026-0905")
    services.save_draft(actor=UserFactory(), application=submitted, fields={"need": "Réécrit par un inconnu."})


def _add_attachment():
    draft = ApplicationFactory(status=S.DRAFT)
    not_a_document = SimpleUploadedFile("devis.pdf", b"MZ\x90\x00 pas un PDF", content_type="application/pdf")
    services.add_attachment(actor=UserFactory(), application=draft, uploaded_file=not_a_document)


def _remove_attachment():
    attachment = AttachmentFactory(application=submitted_application("AMO-2026-0906"))
    services.remove_attachment(actor=UserFactory(), application=attachment.application, attachment=attachment)


def _submit():
    # A collaborator may edit but not submit; the draft is incomplete, which would be the refusal.
    draft = ApplicationFactory(organisme=eligible_organisme(), status=S.DRAFT, need="")
    collaborator = member_of(draft.organisme, role=MembershipRole.COLLABORATOR)
    services.submit_application(actor=collaborator, application=draft, attestation=ATTESTED)


def _withdraw():
    declined = complete_draft(eligible_organisme(), status=S.DECLINED, number="AMO-2026-0907")
    collaborator = member_of(declined.organisme, role=MembershipRole.COLLABORATOR)
    services.withdraw_application(actor=collaborator, application=declined)


def _write_message():
    # Staff of another region: screening staff, but not of this application's region.
    conversation.write_message(actor=regional_staff(ESTRIE), application=_in_review(), body="Bonjour")


def _request_information():
    # Staff of another region; the due date is past, which would otherwise be the refusal.
    application = submitted_application("AMO-2026-0908", region_code=MONTREAL)
    info_requests.request_information(
        actor=regional_staff(ESTRIE), application=application, message="Un devis.", step_slugs=["documents"],
        due_on=timezone.localdate(),
    )


def _resubmit():
    # A collaborator may edit the reopened steps but not resubmit; nothing is requested, which
    # would otherwise be the refusal.
    application = submitted_application("AMO-2026-0909", status=S.INFO_REQUESTED)
    collaborator = member_of(application.organisme, role=MembershipRole.COLLABORATOR)
    info_requests.resubmit_application(actor=collaborator, application=application, attestation=ATTESTED)


def _declined_with_decision():
    application = _in_review()
    application.status = S.DECLINED
    application.save(update_fields=["status"])
    decision = application.status_changes.create(from_status=S.IN_REVIEW, to_status=S.DECLINED)
    return application, decision


def _request_review():
    """A collaborator may not ask (the responsible person's alone)."""
    application, _decision = _declined_with_decision()
    collaborator = member_of(application.organisme, role=MembershipRole.COLLABORATOR)
    reviews.request_review(actor=collaborator, application=application, reason="Revoir.")


def _resolve_review():
    """Regional staff of the region screen but do not handle reviews."""
    application, decision = _declined_with_decision()
    review = DecisionReview.objects.create(
        application=application, decision=decision, requested_by=member_of(application.organisme), reason="Revoir."
    )
    reviews.resolve_review(actor=_regional_staff_of_the_region(), review=review, outcome="upheld", response="Non.")


def _bundle_documents():
    # Staff of another region may view applications, but not this one.
    attachment = AttachmentFactory(application=submitted_application("AMO-2026-0905", region_code=MONTREAL))
    services.bundle_documents(actor=regional_staff(ESTRIE), application=attachment.application)


CASES = {
    "applications.info_requests.services.request_information": _request_information,
    "applications.info_requests.services.resubmit_application": _resubmit,
    "applications.decision_reviews.services.request_review": _request_review,
    "applications.decision_reviews.services.resolve_review": _resolve_review,
    "applications.services.bundle_documents": _bundle_documents,
    "applications.conversation.services.write_message": _write_message,
    "applications.decisions.award_application": _award,
    "applications.decisions.decline_application": _decline,
    "applications.decisions.waitlist_application": _waitlist,
    "applications.decisions.cancel_award": _cancel,
    "applications.decisions.decide": _decide,
    "applications.services.screen_application": _screen,
    "applications.services.send_reminder": _remind,
    "applications.services.create_draft": _create_draft,
    "applications.services.save_draft": _save_draft,
    "applications.services.add_attachment": _add_attachment,
    "applications.services.remove_attachment": _remove_attachment,
    "applications.services.submit_application": _submit,
    "applications.services.withdraw_application": _withdraw,
}
