"""Staff write, preview and send the feedback letter (committees namespace: MFA); the organisme
downloads the letter it was sent (feedback namespace, through applications.access)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.access import application_for_request
from dataide.storage import download_response

from ..access import application_for_letter
from . import services
from .documents import feedback_letter_pdf, letter_filename
from .forms import FeedbackLetterForm
from .models import FeedbackLetter
from .selectors import criterion_means, default_next_steps, source_comments


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, application_pk):
    application = application_for_letter(request.user, application_pk)
    letter = FeedbackLetter.objects.filter(application=application).first()
    initial = {"next_steps": default_next_steps(application)}
    if letter is not None:
        initial = {field: getattr(letter, field) for field in services.TEXT_FIELDS}
    form = FeedbackLetterForm(request.POST if request.method == "POST" and "send" not in request.POST else None, initial=initial)
    if request.method == "POST":
        try:
            if "send" in request.POST:
                if letter is None:
                    raise ValidationError(_("Enregistrez d'abord la lettre revue."), code="not_reviewed")
                services.send_feedback_letter(actor=request.user, letter=letter)
                messages.success(request, _("La lettre de rétroaction est envoyée à l'organisme."))
                return redirect("committees:feedback_letter", application.pk)
            if form.is_valid():
                services.save_feedback_letter(actor=request.user, application=application, **form.cleaned_data)
                messages.success(request, _("Lettre enregistrée. Vérifiez l'aperçu avant de l'envoyer."))
                return redirect("committees:feedback_letter", application.pk)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
    return render(request, "committees/feedback/edit.html", {
        "application": application,
        "letter": letter,
        "form": form,
        "means": criterion_means(application.committee_assignment),
        "comments": source_comments(application.committee_assignment),
        "sendable": letter is not None and not letter.is_sent and application.status in services.LETTER_STATUSES,
    })


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def preview(request, application_pk):
    """The letter as the organisme would receive it (its language), from the saved text."""
    application = application_for_letter(request.user, application_pk)
    letter = FeedbackLetter.objects.filter(application=application).first()
    if letter is None:
        raise Http404
    letter.application = application
    return _pdf(feedback_letter_pdf(letter, application.organisme.preferred_language), letter_filename(letter))


@login_required
@require_GET
def download(request, pk):
    """The organisme's copy: the PDF it was sent, once sent."""
    application = application_for_request(request, pk)
    letter = FeedbackLetter.objects.filter(application=application, sent_at__isnull=False).first()
    if letter is None:
        raise Http404
    letter.application = application
    return download_response(letter.pdf, filename=letter_filename(letter), content_type="application/pdf")
