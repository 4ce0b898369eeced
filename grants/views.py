"""The organisme's agreement page: read, download, sign. Every view fetches through `access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.access import viewer_is_responsible
from dataide.storage import download_response

from . import selectors, services
from .access import agreement_for_request
from .forms import SignatureForm, report_form_class
from .models import FinalReport


def _show_errors(request, form, error: ValidationError) -> None:
    """A service's refusal: field errors beside their field, the others as messages."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for item in errors:
                form.add_error(field if field in form.fields else None, item)
    else:
        for text in error.messages:
            messages.error(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, pk):
    agreement = agreement_for_request(request, pk)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agreement(actor=request.user, agreement=agreement, **form.cleaned_data)
        except PermissionDenied:
            messages.error(request, _("Seule la personne responsable de l'organisme peut signer la convention."))
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            messages.success(request, _("Merci ! La convention est signée."))
            return redirect("grants:agreement", pk=pk)
    return render(request, "grants/agreement.html", {
        "agreement": agreement,
        "application": agreement.application,
        "installments": services.installments(agreement),
        "ledger": selectors.ledger_of(agreement.application),
        "form": form,
        "is_responsible": viewer_is_responsible(agreement.application),
        "signed_language": services.LANGUAGE_NAMES[services.signed_language(agreement)],
        "other_language": services.LANGUAGE_NAMES[services.translation_language(agreement)],
    })


@login_required
@require_GET
def agreement_pdf(request, pk):
    agreement = agreement_for_request(request, pk)
    response = HttpResponse(services.agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-{agreement.application.number}.pdf"'
    return response


@login_required
@require_GET
def agreement_translation_pdf(request, pk):
    """The agreement in the other language, for information (the signed one is in the organisme's)."""
    agreement = agreement_for_request(request, pk)
    language = services.translation_language(agreement)
    response = HttpResponse(services.agreement_translation_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-{agreement.application.number}-{language}.pdf"'
    return response


@login_required
@require_GET
def agreement_signed(request, pk):
    """What the organisme signed: the PDF read online or the paper copy the team filed."""
    agreement = agreement_for_request(request, pk)
    if not agreement.is_signed:
        raise Http404
    field_file, filename, content_type = services.signed_document(agreement)
    return download_response(field_file, filename=filename, content_type=content_type)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    agreement = agreement_for_request(request, pk)
    application = agreement.application
    final_report = FinalReport.objects.filter(application=application).first()
    form_class = report_form_class(services.report_questions(application.tier), get_language())
    form = form_class(request.POST or None, initial=final_report.answers if final_report else None)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_report(actor=request.user, application=application, answers=form.cleaned_data, submit=submit)
        except PermissionDenied:
            messages.error(request, _("Seule la personne responsable de l'organisme peut remettre le bilan."))
        except ValidationError as error:
            _show_errors(request, form, error)
        else:
            messages.success(request, _("Merci ! Le bilan est remis.") if submit else _("Le brouillon du bilan est enregistré."))
            return redirect("grants:report", pk=pk)
        final_report = FinalReport.objects.filter(application=application).first()
    return render(request, "grants/report.html", {
        "application": application, "agreement": agreement, "report": final_report, "form": form,
        "due_on": services.report_due_on(agreement), "is_responsible": viewer_is_responsible(application),
        "editable": final_report is None or final_report.editable,
    })
