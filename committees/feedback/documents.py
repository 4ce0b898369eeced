"""The feedback letter's PDF (dataide.documents): in the organisme's language, from the letter's
reviewed text and the scorecards' figures. Sent letters are served from the stored file."""

from django.utils import timezone

from dataide.documents import render_pdf
from dataide.outbox.attachments import register_attachment

from .models import FeedbackLetter
from .selectors import criterion_means, overall_result


def feedback_letter_pdf(letter: FeedbackLetter, language: str) -> bytes:
    application = letter.application
    assignment = application.committee_assignment
    return render_pdf(
        "pdf/feedback_letter.html",
        {
            "letter": letter,
            "application": application,
            "organisme": application.organisme,
            "means": criterion_means(assignment),
            "result": overall_result(assignment),
            "today": timezone.localdate(),
        },
        language=language,
    )


def letter_filename(letter: FeedbackLetter) -> str:
    return f"retroaction-{letter.application.number}.pdf"


@register_attachment("feedback_letter")
def feedback_letter_attachment(letter_id: int, language: str) -> tuple[str, bytes, str]:
    letter = FeedbackLetter.objects.select_related("application").get(pk=letter_id)
    with letter.pdf.open("rb") as stored:
        return letter_filename(letter), stored.read(), "application/pdf"
