"""Feedback letters: staff write them from the members' comments (`save_feedback_letter`), then
send them (`send_feedback_letter`). Members' comments are never copied in by the portal: only
what staff wrote and saved reaches the organisme."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from applications.permissions import require
from applications.statuses import ApplicationStatus, Permission
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from organismes.services import notify_members

from .documents import feedback_letter_pdf, letter_filename
from .models import FeedbackLetter
from .selectors import committee_people

# The decisions a feedback letter follows: an award has its award letter.
LETTER_STATUSES = (ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED)
TEXT_FIELDS = ("strengths", "improvements", "next_steps")


def _locked_application(actor, application: Application) -> Application:
    require(actor, Permission.DECIDE, application)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("organisme", "tier", "committee_assignment__committee")
        .get(pk=application.pk)
    )
    if application.status not in LETTER_STATUSES or not hasattr(application, "committee_assignment"):
        raise ValidationError(
            _("Une lettre de rétroaction suit un refus ou une mise sur la liste d'attente après l'évaluation d'un comité."),
            code="no_letter",
        )
    return application


def named_people(application: Application, texts) -> list[str]:
    """The committee people whose name or e-mail address appears in `texts` (case ignored)."""
    joined = " ".join(texts).casefold()
    found = []
    for person in committee_people(application.committee_assignment):
        needles = [person.email, person.full_name]
        if any(needle and len(needle) > 2 and needle.casefold() in joined for needle in needles):
            found.append(person.full_name or person.email)
    return found


def save_feedback_letter(*, actor, application: Application, strengths: str, improvements: str, next_steps: str) -> FeedbackLetter:
    """Store the reviewed text of the letter (who reviewed it, when). Refused once sent, and when
    a committee member's name or e-mail address is in it: the letter speaks for the committee."""
    texts = {"strengths": (strengths or "").strip(), "improvements": (improvements or "").strip(), "next_steps": (next_steps or "").strip()}
    with transaction.atomic():
        application = _locked_application(actor, application)
        letter = FeedbackLetter.objects.select_for_update().filter(application=application).first()
        if letter is not None and letter.is_sent:
            raise ValidationError(_("Cette lettre est envoyée : elle ne peut plus être modifiée."), code="sent")
        if not texts["next_steps"]:
            raise ValidationError({"next_steps": _("Dites à l'organisme ce qu'il peut faire maintenant.")}, code="required")
        if named_people(application, texts.values()):
            raise ValidationError(
                _("La lettre nomme un membre du comité (nom ou courriel) : retirez-le, la lettre parle au nom du comité."),
                code="names_member",
            )
        old = {field: getattr(letter, field) for field in TEXT_FIELDS} if letter else {}
        letter = letter or FeedbackLetter(application=application)
        for field, value in texts.items():
            setattr(letter, field, value)
        letter.reviewed_by = actor
        letter.reviewed_at = timezone.now()
        letter.save()
        changed = sorted(field for field in TEXT_FIELDS if old.get(field) != texts[field])
        record_event(actor=actor, action=AuditEventType.FEEDBACK_LETTER_REVIEWED, target=application, fields=changed)
    return letter


def send_feedback_letter(*, actor, letter: FeedbackLetter) -> FeedbackLetter:
    """Render the letter in the organisme's language, keep the PDF, e-mail it to the members
    (the outbox delivers after the commit). A letter goes out once: a second send is refused."""
    with transaction.atomic():
        letter = FeedbackLetter.objects.select_for_update().get(pk=letter.pk)
        application = _locked_application(actor, letter.application)
        if letter.is_sent:
            raise ValidationError(_("Cette lettre a déjà été envoyée à l'organisme."), code="already_sent")
        letter.application = application
        language = application.organisme.preferred_language
        letter.pdf.save(letter_filename(letter), ContentFile(feedback_letter_pdf(letter, language)), save=False)
        letter.language = language
        letter.sent_by = actor
        letter.sent_at = timezone.now()
        letter.save(update_fields=["pdf", "language", "sent_by", "sent_at"])
        record_event(actor=actor, action=AuditEventType.FEEDBACK_LETTER_SENT, target=application, language=language)
        notify_members(
            organisme=application.organisme,
            template="feedback_letter",
            context={
                "application": application,
                "letter_url": absolute_url("feedback:letter", language, application.pk),
            },
            about=application,
            attachments=[{"kind": "feedback_letter", "id": letter.pk}],
        )
    return letter
