"""Committee members' reads of an organisme's file, logged by seat (the organisme sees « siège de
l'organisme communautaire », never a name), and what committees hold about a member."""

from django.utils.translation import gettext_lazy as _

from applications.models import Attachment
from dataide.privacy.models import ReadKind
from dataide.privacy.readlog import Read
from dataide.privacy.registry import ORGANISME, PERSON, Category, register, register_read_view, values

from .access import judged_assignment
from .models import ConflictDeclaration, FeedbackLetter, Seat


def _member_read(request, application_pk, kind, object_pk, label):
    # The assignment the page's access check fetched (committees.access), with the kind of the
    # reader's seat: their own, or the one they stand in for as an alternate called in. Nothing
    # when the reader does not judge the application (staff are logged on the admin pages).
    assignment = judged_assignment(request.user, application_pk)
    if assignment is None:
        return None
    application = assignment.application
    return Read(
        organisme_id=application.organisme_id, kind=kind, object_id=object_pk, label=label or application.number or "",
        reader_kind=assignment.reader_kind,
    )


def _opens_application(request, kwargs):
    pk = kwargs["application_pk"]
    return _member_read(request, pk, ReadKind.APPLICATION, pk, "")


def _opens_scorecards(request, kwargs):
    pk = kwargs["application_pk"]
    return _member_read(request, pk, ReadKind.SCORECARD, pk, "")


def _downloads_attachment(request, kwargs):
    name = Attachment.objects.filter(pk=kwargs["attachment_pk"]).values_list("original_name", flat=True).first()
    return _member_read(request, kwargs["application_pk"], ReadKind.ATTACHMENT, kwargs["attachment_pk"], name or "")


def register_categories():
    register_read_view("committees:application", _opens_application)
    register_read_view("committees:peers", _opens_scorecards)
    register_read_view("committees:attachment", _downloads_attachment)
    register(Category(
        key="committees.seats", subject=PERSON, label=_("Vos sièges en comité et vos déclarations de conflit"),
        purpose=_("Organiser l'évaluation et écarter les conflits d'intérêts."),
        retention=_("Dix ans après la décision des demandes évaluées."),
        export=lambda user: [
            *({"kind": "seat", **row} for row in values(Seat.objects.filter(user=user), "committee__name", "kind")),
            *({"kind": "conflict_declaration", **row} for row in values(
                ConflictDeclaration.objects.filter(member=user), "assignment__application_id", "has_conflict", "note",
            )),
        ],
        counted=lambda user_id: [Seat.objects.filter(user_id=user_id), ConflictDeclaration.objects.filter(member_id=user_id)],
    ))
    register(Category(
        key="committees.feedback_letters", subject=ORGANISME, label=_("Lettres de rétroaction du comité"),
        purpose=_("Expliquer à l'organisme l'évaluation de sa demande, sans nommer les membres."),
        retention=_("Comme la demande."),
        export=lambda organisme: values(
            FeedbackLetter.objects.filter(application__organisme=organisme, sent_at__isnull=False).order_by("pk"),
            "application_id", "strengths", "improvements", "next_steps", "sent_at",
        ),
        counted=lambda organisme_id: [
            FeedbackLetter.objects.filter(application__organisme_id=organisme_id, sent_at__isnull=False)
        ],
    ))
