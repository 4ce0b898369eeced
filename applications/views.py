"""The organisme's application pages. Every view taking an id fetches through `access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dataide.documents import render_pdf
from dataide.storage import download_response
from organismes.access import acting_membership
from programs.models import GrantTier

from . import attestation, services, steps
from .access import application_for_request, attachment_for_request, viewer_is_responsible
from .answer_rows import answers_html
from .decision_reviews.selectors import review_window
from .display import DECIDED, answer_sections, applicant_status, next_step, page_documents
from .documents import award_letter_pdf
from .forms import (
    AttachmentForm,
    BudgetLineFormSet,
    PartnerFormSet,
    WithdrawForm,
    formset_with_extra_row,
    step_form_class,
)
from .info_requests import services as info_requests
from .models import AWARDED_STATUSES, ApplicationStatus
from .selectors import page_details, prefetched_details, with_page_details

BUDGET_PREFIX = "lignes"
PARTNERS_PREFIX = "partenaires"


def _show_refusal(request, error):
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


# --- Start, page, review ----------------------------------------------------------------------

@login_required
@require_POST
def start(request):
    membership = acting_membership(request)
    tier = GrantTier.objects.filter(code=request.POST.get("tier", "")[:20]).first()
    if membership is None or tier is None:
        raise Http404
    try:
        application = services.create_draft(actor=request.user, organisme=membership.organisme, tier=tier)
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
        return redirect("organismes:dashboard")
    return redirect("applications:step", pk=application.pk, step=steps.steps_for(tier)[0].slug)


@login_required
@require_GET
def detail(request, pk):
    application = application_for_request(request, pk)
    details = page_details(application)
    sections = answer_sections(application)
    editable = services.editable_steps(application)
    is_decided = application.status in DECIDED or application.status in AWARDED_STATUSES
    return render(request, "applications/detail.html", {
        "application": application,
        "is_draft": application.status == ApplicationStatus.DRAFT,
        "info_request": info_requests.open_request(application)
        if application.status == ApplicationStatus.INFO_REQUESTED else None,
        "editable_slugs": editable,
        "is_decided": is_decided,
        "is_awarded": application.status in AWARDED_STATUSES,
        "can_withdraw": application.status in services.WITHDRAWABLE_STATUSES,
        "is_responsible": viewer_is_responsible(application),
        "applicant_status": applicant_status(application.status),
        "next_step": next_step(application.status),
        "sections": sections,
        "timeline": details.status_changes,
        "answers": answers_html(application, sections, details, editable_slugs=editable),
        # The page prints them in its decision only (later apps' documents: a query each).
        "documents": page_documents(application) if is_decided else [],
        "review_window": review_window(application),
    })


@login_required
@require_GET
def review(request, pk):
    application = with_page_details(application_for_request(request, pk))
    editable = services.editable_steps(application)
    if not editable:
        return redirect("applications:detail", pk=pk)
    sections = answer_sections(application)
    return render(request, "applications/review.html", {
        "application": application,
        "steps": steps.steps_for(application.tier),
        "answers": answers_html(application, sections, prefetched_details(application), editable_slugs=editable),
        "problems": services.submission_problems(application),
        "is_responsible": viewer_is_responsible(application),
        "current_step": "revision",
        "attestation_version": attestation.VERSION,
        "attestation_text": attestation.TEXT,
        "editable_slugs": editable,
        "resubmission": application.status == ApplicationStatus.INFO_REQUESTED,
    })


@login_required
@require_POST
def submit(request, pk):
    application = application_for_request(request, pk)
    resubmission = application.status == ApplicationStatus.INFO_REQUESTED
    submit_service = info_requests.resubmit_application if resubmission else services.submit_application
    try:
        application = submit_service(
            actor=request.user, application=application, attestation=request.POST.get("attestation", ""),
        )
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
        return redirect("applications:review", pk=pk)
    if resubmission:
        messages.success(request, _("Merci ! Le complément est envoyé : l'équipe DATAide reprend la vérification."))
        return redirect("applications:detail", pk=pk)
    messages.success(request, _(
        "Votre demande %(number)s est soumise. Un courriel de confirmation est envoyé aux membres de l'organisme."
    ) % {"number": application.number})
    return redirect("applications:detail", pk=pk)


@login_required
def withdraw(request, pk):
    application = application_for_request(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_application(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            _show_refusal(request, error)
        else:
            messages.success(request, _("La demande est retirée."))
        return redirect("applications:detail", pk=pk)
    return render(request, "applications/withdraw.html", {
        "application": application, "form": form, "is_responsible": viewer_is_responsible(application),
    })


# --- The wizard -------------------------------------------------------------------------------

def _editable(request, pk, slug):
    application = application_for_request(request, pk)
    step = steps.step_for(application.tier, slug)
    if step is None:
        raise Http404
    application.editable_slugs = services.editable_steps(application)
    return application, step


def _closed_step_message(application) -> str:
    if application.status == ApplicationStatus.INFO_REQUESTED:
        return _("Cette étape n'est pas rouverte : seules les étapes indiquées par l'équipe DATAide peuvent être modifiées.")
    return _("Cette demande a été soumise : elle ne peut plus être modifiée.")


def _neighbours(application, step):
    # While information is requested, « Précédent » and « Suivant » go through the reopened steps only.
    ordered = [s for s in steps.steps_for(application.tier) if s.slug in application.editable_slugs]
    index = ordered.index(step)
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return previous, following


def _forms_for(application, step, data=None):
    """The bound (POST) or initial (GET) forms of a step, by name."""
    if step.special == steps.BUDGET:
        lines = [{"category": line.category, "description": line.description, "amount": line.amount} for line in application.budget_lines.all()]
        return {
            "lines": BudgetLineFormSet(data, prefix=BUDGET_PREFIX) if data is not None
            else BudgetLineFormSet(initial=lines, prefix=BUDGET_PREFIX),
        }
    forms = {}
    if step.fields:
        forms["fields"] = step_form_class(step)(data, instance=application)
    if step.special == steps.PARTNERS:
        partners = [{"name": p.name, "role": p.role} for p in application.partners.all()]
        forms["partners"] = (
            PartnerFormSet(data, prefix=PARTNERS_PREFIX) if data is not None
            else PartnerFormSet(initial=partners, prefix=PARTNERS_PREFIX)
        )
    return forms


def _save_step(request, application, step, forms) -> list[str]:
    """Save every valid part of what was posted (never lose work); return the problems to show."""
    problems = []
    changes = {}
    if "fields" in forms:
        form = forms["fields"]
        form.is_valid()
        changes["fields"] = {name: value for name, value in form.cleaned_data.items() if name in step.fields}
    if "partners" in forms and forms["partners"].is_valid():
        changes["partners"] = forms["partners"].rows()
    # The requested amount is not asked: the service computes it from the lines it saves.
    if "lines" in forms and forms["lines"].is_valid():
        changes["budget_lines"] = forms["lines"].rows()
        problems += services.amount_problems(application.tier, services.lines_total(changes["budget_lines"]))
    services.save_draft(actor=request.user, application=application, **changes)
    if any(not form.is_valid() for form in forms.values()):
        problems.insert(0, _("Certaines réponses n'ont pas pu être enregistrées : corrigez les champs indiqués."))
    return problems


@login_required
def step_view(request, pk, step):
    application, step = _editable(request, pk, step)
    if step.slug not in application.editable_slugs:
        messages.info(request, _closed_step_message(application))
        return redirect("applications:detail", pk=pk)
    if step.special == steps.ATTACHMENTS:
        return _attachments_step(request, application, step)
    previous, following = _neighbours(application, step)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        forms = _forms_for(application, step, request.POST)
        try:
            problems = _save_step(request, application, step, forms)
        except (ValidationError, PermissionDenied) as error:
            _show_refusal(request, error)
            return redirect("applications:detail", pk=pk)
        if action in ("add_line", "add_partner"):
            prefix, formset_class = (
                (BUDGET_PREFIX, BudgetLineFormSet) if action == "add_line" else (PARTNERS_PREFIX, PartnerFormSet)
            )
            key = "lines" if action == "add_line" else "partners"
            if key in forms:
                forms[key] = formset_with_extra_row(formset_class, request.POST, prefix)
            return _render_step(request, application, step, forms, problems, previous, following)
        if problems:
            return _render_step(request, application, step, forms, problems, previous, following)
        messages.success(request, _("Brouillon enregistré."))
        if action == "next":
            return redirect(*_target(application, following))
        if action == "previous" and previous is not None:
            return redirect("applications:step", pk=pk, step=previous.slug)
        return redirect("applications:step", pk=pk, step=step.slug)
    return _render_step(request, application, step, _forms_for(application, step), [], previous, following)


def _target(application, following):
    if following is None:
        return ("applications:review", application.pk)
    return ("applications:step", application.pk, following.slug)


def _render_step(request, application, step, forms, problems, previous, following):
    return render(request, "applications/step.html", {
        "application": application,
        "step": step,
        "steps": steps.steps_for(application.tier),
        "current_step": step.slug,
        "forms": forms,
        "problems": problems,
        "previous": previous,
        "following": following,
        "is_responsible": viewer_is_responsible(application),
        "editable_slugs": application.editable_slugs,
    })


def _attachments_step(request, application, step):
    previous, following = _neighbours(application, step)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        action = request.POST.get("action", "upload")
        if action == "next":
            return redirect(*_target(application, following))
        if action == "previous" and previous is not None:
            return redirect("applications:step", pk=application.pk, step=previous.slug)
        if form.is_valid():
            try:
                services.add_attachment(actor=request.user, application=application, uploaded_file=form.cleaned_data["file"])
            except ValidationError as error:
                form.add_error("file", error)
            except PermissionDenied as error:
                _show_refusal(request, error)
                return redirect("applications:detail", pk=application.pk)
            else:
                messages.success(request, _("Document ajouté."))
                return redirect("applications:step", pk=application.pk, step=step.slug)
    return render(request, "applications/step.html", {
        "application": with_page_details(application),
        "step": step,
        "steps": steps.steps_for(application.tier),
        "current_step": step.slug,
        "attachment_form": form,
        "forms": {},
        "problems": [],
        "previous": previous,
        "following": following,
        "is_responsible": viewer_is_responsible(application),
        "editable_slugs": application.editable_slugs,
    })


@login_required
@require_POST
def autosave(request, pk, step):
    """The script saves as people type; the answer says when, or what could not be saved."""
    application, step = _editable(request, pk, step)
    if step.special == steps.ATTACHMENTS:
        return HttpResponseBadRequest()
    forms = _forms_for(application, step, request.POST)
    try:
        problems = _save_step(request, application, step, forms)
    except (ValidationError, PermissionDenied) as error:
        return JsonResponse({"saved": False, "problems": getattr(error, "messages", [str(error)])}, status=409)
    saved_at = formats.time_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse({
        "saved": True,
        "message": _("Brouillon enregistré à %(time)s.") % {"time": saved_at},
        "problems": problems,
    })


# --- Files ------------------------------------------------------------------------------------

@login_required
@require_POST
def remove_attachment(request, pk, attachment_pk):
    application, attachment = attachment_for_request(request, pk, attachment_pk)
    try:
        services.remove_attachment(actor=request.user, application=application, attachment=attachment)
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
        return redirect("applications:detail", pk=pk)
    messages.success(request, _("Document retiré."))
    return redirect("applications:step", pk=pk, step=steps.ATTACHMENTS_STEP.slug)


@login_required
@require_GET
def download_attachment(request, pk, attachment_pk):
    _application, attachment = attachment_for_request(request, pk, attachment_pk)
    return download_response(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def application_pdf(request, pk):
    application = with_page_details(application_for_request(request, pk))
    sections = answer_sections(application)
    content = render_pdf("pdf/application.html", {
        "application": application, "organisme": application.organisme, "today": timezone.localdate(),
        "answers": answers_html(application, sections, prefetched_details(application), links=False),
        "applicant_status": applicant_status(application.status),
    }, language=get_language())
    return _pdf_response(content, f"demande-{application.number or application.pk}.pdf")


@login_required
@require_GET
def award_letter(request, pk):
    application = application_for_request(request, pk)
    if application.status not in AWARDED_STATUSES:
        raise Http404
    return _pdf_response(award_letter_pdf(application, get_language()), f"lettre-octroi-{application.number}.pdf")
