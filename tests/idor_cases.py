"""Every applicant URL that takes an id, and how to build an object for it owned by an organisme.

tests/test_idor_walk.py walks the URL configuration: a URL of the namespaces it checks that takes
an argument and has no entry here fails the suite, so a new URL cannot slip through untested.
Each `Owned` case builds the object for an owner organisme and returns the URL's kwargs; the walk
then proves a member of another organisme gets 404 (GET and, where listed, POST) while the owner's
member does not.

To add a URL: write its builder below and add one line to IDOR_CASES.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.conversation.models import ApplicationMessage
from applications.models import ApplicationStatus, StatusChange
from committees.feedback.models import FeedbackLetter
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory, complete_draft
from tests.factories import ApplicationFactory, MembershipFactory
from tests.grants.factories import awarded, signed_quietly
from tests.organismes.factories import InvitationFactory, JoinRequestFactory, received_message
from tests.trainings.factories import (
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
)

# Namespaces of the applicant pages. Staff-side namespaces have their own walks (committees:
# tests/committees/test_idor_walk.py) or access tests (trainings_staff).
CHECKED_NAMESPACES = ("organismes", "applications", "trainings", "impact", "privacy", "grants", "feedback")


@dataclass(frozen=True)
class Owned:
    """build(organisme, member) creates the object owned by `organisme` and returns URL kwargs;
    `member` (a responsible person of that organisme) is the one who may see it."""

    build: Callable
    methods: tuple[str, ...] = ("get",)


@dataclass(frozen=True)
class NotOwned:
    """The id names something public, not an organisme's object; say why."""

    reason: str


def _draft(organisme, member):
    return complete_draft(organisme)


def _application(organisme, member):
    return {"pk": _draft(organisme, member).pk}


def _step(organisme, member):
    return {"pk": _draft(organisme, member).pk, "step": "besoin"}


def _awarded(organisme, member):
    application = ApplicationFactory(
        organisme=organisme, status=ApplicationStatus.AWARDED, number="AMO-2026-9001",
        amount_requested=Decimal("4000"), amount_awarded=Decimal("4000"),
    )
    return {"pk": application.pk}


def _agreement(organisme, member):
    return {"pk": awarded(organisme).pk}


def _signed_agreement(organisme, member):
    return {"pk": signed_quietly(organisme).pk}


def _report_step(organisme, member):
    return {"pk": awarded(organisme).pk, "step": "projet"}


def _report_attachment(organisme, member):
    from grants.services import add_report_attachment
    from tests.applications.factories import pdf_upload

    application = signed_quietly(organisme)
    attachment = add_report_attachment(actor=member, application=application, uploaded_file=pdf_upload())
    return {"pk": application.pk, "attachment_pk": attachment.pk}


def _attachment(organisme, member):
    attachment = AttachmentFactory(application=_draft(organisme, member))
    return {"pk": attachment.application_id, "attachment_pk": attachment.pk}


def _join_request(organisme, member):
    return {"pk": JoinRequestFactory(organisme=organisme).pk}


def _membership(organisme, member):
    return {"pk": MembershipFactory(organisme=organisme, role=MembershipRole.COLLABORATOR).pk}


def _invitation(organisme, member):
    return {"pk": InvitationFactory(organisme=organisme).pk}


def _organisme(organisme, member):
    # The switcher names an organisme: only its own members may act for it.
    return {"pk": organisme.pk}


def _invitation_token(organisme, member):
    # An invitation is "owned" by the person it is addressed to.
    return {"token": InvitationFactory(organisme=organisme, email=member.email).token}


def _message(organisme, member):
    # A message of the message centre is the person's own copy of an e-mail to the organisme.
    return {"pk": received_message(organisme, member).pk}


def _conversation_message(organisme, member):
    application = _draft(organisme, member)
    message = ApplicationMessage(application=application, body="Question", file_name="note.pdf")
    message.file.save("document.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": application.pk, "message_pk": message.pk}


def _webinar_registration(organisme, member):
    # The URL names the webinar; the object reached is this organisme's registration to it.
    return {"pk": WebinarRegistrationFactory(organisme=organisme).webinar_id}


def _webinar_attendance(organisme, member):
    return {"pk": WebinarAttendanceFactory(organisme=organisme).webinar_id}


def _impact_share(organisme, member):
    from impact.models import ImpactShare

    application = ApplicationFactory(organisme=organisme, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))
    share = ImpactShare.objects.create(organisme=organisme, application=application, own_label="Familles", value=3)
    return {"pk": share.pk}


def _data_export(organisme, member):
    from dataide.privacy.services import request_export

    # The link belongs to the person who asked for it.
    return {"token": request_export(actor=member, organisme_id=organisme.pk).token}


def _feedback_letter(organisme, member):
    application = ApplicationFactory(organisme=organisme, status=ApplicationStatus.DECLINED)
    letter = FeedbackLetter(application=application, next_steps="Redéposez.", reviewed_by=member, reviewed_at=timezone.now(), sent_at=timezone.now())
    letter.pdf.save("lettre.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": application.pk}


def _declined(organisme, member):
    application = ApplicationFactory(organisme=organisme, status=ApplicationStatus.DECLINED)
    StatusChange.objects.create(application=application, from_status="in_review", to_status="declined")
    return {"pk": application.pk}


PUBLIC_WEBINAR = NotOwned("Les webinaires sont publics : l'identifiant désigne une séance, pas un objet d'un organisme.")

IDOR_CASES = {
    # organismes
    "organismes:approve_join_request": Owned(_join_request, ("post",)),
    "organismes:refuse_join_request": Owned(_join_request, ("post",)),
    "organismes:remove_member": Owned(_membership, ("post",)),
    "organismes:cancel_invitation": Owned(_invitation, ("post",)),
    "organismes:accept_invitation": Owned(_invitation_token, ("get", "post")),
    "organismes:act_for": Owned(_organisme, ("post",)),
    "organismes:message": Owned(_message),
    # applications
    "applications:detail": Owned(_application),
    "applications:step": Owned(_step, ("get", "post")),
    "applications:autosave": Owned(_step, ("post",)),
    "applications:review": Owned(_application),
    "applications:submit": Owned(_application, ("post",)),
    "applications:withdraw": Owned(_application, ("get", "post")),
    "applications:pdf": Owned(_application),
    "applications:award_letter": Owned(_awarded),
    "applications:attachment": Owned(_attachment),
    "applications:remove_attachment": Owned(_attachment, ("post",)),
    "applications:request_review": Owned(_declined, ("get", "post")),
    "applications:conversation": Owned(_application, ("get", "post")),
    "applications:conversation_file": Owned(_conversation_message),
    # grants (after the award)
    "grants:agreement": Owned(_agreement, ("get", "post")),
    "grants:agreement_pdf": Owned(_agreement),
    "grants:agreement_signed": Owned(_signed_agreement),
    "grants:agreement_translation_pdf": Owned(_agreement),
    "grants:report": Owned(_agreement, ("get", "post")),
    "grants:amendments": Owned(_signed_agreement, ("get", "post")),
    "grants:report_step": Owned(_report_step, ("get", "post")),
    "grants:report_autosave": Owned(_report_step, ("post",)),
    "grants:report_attachment": Owned(_report_attachment),
    "grants:report_attachment_remove": Owned(_report_attachment, ("post",)),
    # trainings (public webinar sessions)
    "trainings:register": PUBLIC_WEBINAR,
    "trainings:calendar_register": PUBLIC_WEBINAR,
    "trainings:unregister": Owned(_webinar_registration, ("post",)),
    "trainings:feedback": Owned(_webinar_attendance, ("get", "post")),
    # committees (the feedback letter, once sent)
    "feedback:letter": Owned(_feedback_letter),
    # impact (voluntary)
    "impact:delete": Owned(_impact_share, ("post",)),
    # privacy (portability)
    "privacy:export_download": Owned(_data_export),
}
