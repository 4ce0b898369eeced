from django.utils import timezone

from dataide.documents import render_pdf
from dataide.outbox.attachments import register_attachment

from .models import Application


def award_letter_pdf(application: Application, language: str) -> bytes:
    return render_pdf(
        "pdf/award_letter.html",
        {"application": application, "organisme": application.organisme, "today": timezone.localdate()},
        language=language,
    )


@register_attachment("award_letter")
def award_letter_attachment(application_id: int, language: str) -> tuple[str, bytes, str]:
    application = Application.objects.select_related("organisme", "tier").get(pk=application_id)
    return f"lettre-octroi-{application.number}.pdf", award_letter_pdf(application, language), "application/pdf"
