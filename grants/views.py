"""The organisme's agreement page: read, download, sign. Every view fetches through `access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.access import viewer_is_responsible
from applications.forms import AttachmentForm, BudgetLineFormSet, formset_with_extra_row
from dataide.storage import download_response

from . import report_steps, selectors, services
from .access import agreement_for_request, report_attachment_for_request
from .forms import AmendmentForm, SignatureForm, add_service_errors, report_form_class, spent_form_class, spent_initial
from .models import FinalReport


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
            add_service_errors(form, error)
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


# --- The final report: steps, drafts, autosave, documents, review and submission -----------------
# Without JavaScript every step saves through its buttons; the script (the application form's)
# also saves as people type, through report_autosave.


def _report_of(application):
    return FinalReport.objects.filter(application=application).prefetch_related("attachments").first()


def _step_form(application, step, report, data=None):
    if step == report_steps.QUESTIONS:
        form_class = report_form_class(services.report_questions(application.tier), get_language())
        return form_class(data, initial=report.answers if report else None)
    form_class = spent_form_class(services.current_budget(application), report.spent if report else [])
    return form_class(data, initial=spent_initial(report))


def _save_step(request, application, step, form) -> list[str]:
    """Save what is valid in the step's form (what is not stays on the page with its error)."""
    form.is_valid()
    if step == report_steps.QUESTIONS:
        answers = {name: value for name, value in form.cleaned_data.items()}
        services.save_report(actor=request.user, application=application, answers=answers)
    else:
        services.save_report(actor=request.user, application=application, spent=form.spent())
    if form.errors:
        return [_("Certaines réponses n'ont pas pu être enregistrées : corrigez les champs indiqués.")]
    return []


def _editable_step(request, pk, slug):
    agreement = agreement_for_request(request, pk)
    step = report_steps.report_step(slug)
    if step is None:
        raise Http404
    return agreement, agreement.application, step


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    """The report's review page: every step's content, what is missing, and the submission."""
    agreement = agreement_for_request(request, pk)
    application = agreement.application
    if request.method == "POST":
        try:
            services.save_report(actor=request.user, application=application, submit=True)
        except PermissionDenied:
            messages.error(request, _("Seule la personne responsable de l'organisme peut remettre le bilan."))
        except ValidationError:
            # The review page lists what is missing, step by step.
            messages.error(request, _("Le bilan n'est pas complet : voyez ce qui manque ci-dessous."))
        else:
            messages.success(request, _("Merci ! Le bilan est remis."))
        return redirect("grants:report", pk=pk)
    final_report = _report_of(application)
    questions = services.report_questions(application.tier)
    answers = final_report.answers if final_report else {}
    editable = final_report is None or final_report.editable
    return render(request, "grants/report.html", {
        "application": application, "agreement": agreement, "report": final_report,
        "answers": [(question.label(get_language()), answers.get(question.key, "")) for question in questions],
        "spent_rows": final_report.spent if final_report else [],
        "problems": _missing(final_report, questions) if editable else [],
        "steps": report_steps.REPORT_STEPS, "due_on": services.report_due_on(agreement),
        "is_responsible": viewer_is_responsible(application), "editable": editable,
    })


def _missing(final_report, questions) -> list[str]:
    """What the submission still lacks, each problem named by its question."""
    if final_report is None:
        return [_("Le bilan n'est pas encore commencé.")]
    labels = {question.key: question.label(get_language()) for question in questions}
    return [
        f"{labels[key]} : {error.messages[0]}" if key in labels else error.messages[0]
        for key, error in services.report_problems(final_report, list(labels)).items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def report_step(request, pk, step):
    agreement, application, step = _editable_step(request, pk, step)
    final_report = _report_of(application)
    if final_report is not None and not final_report.editable:
        messages.info(request, _("Le bilan est remis : il ne peut plus être modifié."))
        return redirect("grants:report", pk=pk)
    previous, following = report_steps.neighbours(step)
    if step == report_steps.DOCUMENTS:
        return _documents_step(request, application, final_report, step, previous, following)
    form = _step_form(application, step, final_report, request.POST if request.method == "POST" else None)
    problems = []
    if request.method == "POST":
        try:
            problems = _save_step(request, application, step, form)
        except (ValidationError, PermissionDenied) as error:
            _show_refusal(request, error)
            return redirect("grants:report", pk=pk)
        if not problems:
            messages.success(request, _("Brouillon enregistré."))
            return redirect(*_step_target(request.POST.get("action"), application, step, previous, following))
    return render(request, "grants/report_step.html", {
        "application": application, "step": step, "steps": report_steps.REPORT_STEPS, "form": form,
        "problems": problems, "previous": previous, "following": following,
        "budget": services.current_budget(application) if step == report_steps.SPENDING else None,
    })


def _step_target(action, application, step, previous, following):
    if action == "previous" and previous is not None:
        return ("grants:report_step", application.pk, previous.slug)
    if action == "next":
        return ("grants:report_step", application.pk, following.slug) if following else ("grants:report", application.pk)
    return ("grants:report_step", application.pk, step.slug)


def _documents_step(request, application, final_report, step, previous, following):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action in ("previous", "next"):
            return redirect(*_step_target(action, application, step, previous, following))
        if form.is_valid():
            try:
                services.add_report_attachment(actor=request.user, application=application, uploaded_file=form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            except PermissionDenied as error:
                _show_refusal(request, error)
                return redirect("grants:report", pk=application.pk)
            else:
                messages.success(request, _("Document ajouté."))
                return redirect("grants:report_step", pk=application.pk, step=step.slug)
    return render(request, "grants/report_step.html", {
        "application": application, "step": step, "steps": report_steps.REPORT_STEPS, "attachment_form": form,
        "attachments": final_report.attachments.all() if final_report else [], "previous": previous,
        "following": following, "problems": [],
    })


@login_required
@require_POST
def report_autosave(request, pk, step):
    """The script saves as people type; the answer says when, or what could not be saved."""
    agreement, application, step = _editable_step(request, pk, step)
    if step == report_steps.DOCUMENTS:
        return HttpResponseBadRequest()
    form = _step_form(application, step, _report_of(application), request.POST)
    try:
        problems = _save_step(request, application, step, form)
    except (ValidationError, PermissionDenied) as error:
        return JsonResponse({"saved": False, "problems": getattr(error, "messages", [str(error)])}, status=409)
    saved_at = formats.time_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse({"saved": True, "message": _("Brouillon enregistré à %(time)s.") % {"time": saved_at}, "problems": problems})


@login_required
@require_GET
def report_attachment(request, pk, attachment_pk):
    attachment = report_attachment_for_request(request, pk, attachment_pk)
    return download_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@login_required
@require_POST
def report_attachment_remove(request, pk, attachment_pk):
    attachment = report_attachment_for_request(request, pk, attachment_pk)
    try:
        services.remove_report_attachment(actor=request.user, application=attachment.report.application, attachment=attachment)
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
        return redirect("grants:report", pk=pk)
    messages.success(request, _("Document retiré."))
    return redirect("grants:report_step", pk=pk, step=report_steps.DOCUMENTS.slug)


def _show_refusal(request, error) -> None:
    texts = [text for text in getattr(error, "messages", None) or [str(error)] if text]
    for text in texts or [_("Vous ne pouvez pas faire cette action.")]:
        messages.error(request, text)


# --- Amendments -------------------------------------------------------------------------------

LINES_PREFIX = "lignes"


@login_required
@require_http_methods(["GET", "POST"])
def amendments(request, pk):
    """Every version of the budget side by side, the requests and their decisions, and the form
    to ask for a change (the responsible person's; lines added without JavaScript by a button)."""
    agreement = agreement_for_request(request, pk)
    application = agreement.application
    versions = selectors.budget_history(application)
    current = versions[-1]
    if request.method == "POST":
        form = AmendmentForm(request.POST)
        lines = BudgetLineFormSet(request.POST, prefix=LINES_PREFIX)
        if request.POST.get("action") == "add_line":
            lines = formset_with_extra_row(BudgetLineFormSet, request.POST, LINES_PREFIX)
        elif form.is_valid() and lines.is_valid():
            try:
                services.request_amendment(
                    actor=request.user, application=application, lines=lines.rows(),
                    timeline=form.cleaned_data["timeline"], reason=form.cleaned_data["reason"],
                )
            except PermissionDenied as error:
                _show_refusal(request, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Votre demande de modification est envoyée à l'équipe DATAide."))
                return redirect("grants:amendments", pk=pk)
    else:
        form = AmendmentForm(initial={"timeline": current.timeline})
        lines = BudgetLineFormSet(initial=current.lines, prefix=LINES_PREFIX)
    return render(request, "grants/amendments.html", {
        "application": application, "agreement": agreement, "versions": versions,
        "amendments": selectors.amendments_of(application), "form": form, "lines": lines,
        "is_responsible": viewer_is_responsible(application),
        "amendable": application.status in services.AMENDABLE_STATUSES,
    })
