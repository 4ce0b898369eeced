"""The workflow views of the applications admin: the decision, the intermediate pages of the bulk
actions (screening, reminders), a document's download and the program dashboard. ApplicationAdmin
wires them (admin.py); every change goes through a service."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dataide.documents import render_pdf

from . import decisions, services
from .admin_forms import InfoRequestForm, ReminderForm, ScreeningForm
from .dashboard_pages import dashboard_page, dashboard_pages, page_context
from .decision_forms import DecisionForm
from .document_bundle import bundle_name
from .info_requests import services as info_requests
from .models import Attachment
from .reporting import cached_program_dashboard
from .reporting_charts import DashboardCharts, tier_names
from .statuses import Decision, decisions_for

DECISION_DONE = {
    Decision.AWARD: gettext_lazy("Bourse accordée ; l'organisme reçoit la lettre d'octroi par courriel."),
    Decision.DECLINE: gettext_lazy("Demande refusée ; l'organisme est avisé avec le motif."),
    Decision.WAITLIST: gettext_lazy("Demande placée sur la liste d'attente ; l'organisme est avisé."),
    Decision.CANCEL: gettext_lazy("Bourse annulée ; la demande revient à la liste du comité."),
}


# --- The decision --------------------------------------------------------------------------------


def decision_context(request, application) -> dict:
    """The decision form of the application page, when the person may decide and the status allows."""
    choices = decisions_for(application.status)
    if not choices or not request.user.has_perm(decisions.DECIDE_PERMISSION):
        return {}
    return {
        "decision_form": DecisionForm(status=application.status, initial={"amount": application.amount_requested}),
        "decision_url": reverse("admin:applications_application_decide", args=[application.pk]),
    }


def decide_view(model_admin, request, pk):
    if request.method != "POST":
        raise PermissionDenied
    application = model_admin.get_object(request, str(pk))
    form = DecisionForm(request.POST, status=application.status)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("admin:applications_application_change", application.pk)
    data = form.cleaned_data
    try:
        proposed = form.decide(actor=request.user, application=application)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, DECISION_DONE[data["decision"]])
        if proposed is not None:
            messages.info(
                request,
                _("Une place est libérée : la prochaine demande sur la liste d'attente est %(application)s.")
                % {"application": proposed},
            )
    return redirect("admin:applications_application_change", application.pk)


# --- Bulk actions --------------------------------------------------------------------------------


def _action_form_page(model_admin, request, queryset, form, *, action: str, title: str, help_text: str):
    return TemplateResponse(request, "admin/dataide/action_form.html", {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "help_text": help_text,
        "form": form,
        "action": action,
        "queryset": queryset.select_related("organisme"),
        "select_across": request.POST.get("select_across", "0"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    })


def _apply(request, queryset, act, success_message) -> None:
    done = 0
    for application in queryset.select_related("organisme"):
        try:
            act(application)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, f"{application} : {text}")
        else:
            done += 1
    if done:
        messages.success(request, success_message(done))


def _confirmed_form(request, form_class, **kwargs):
    """The action's form: bound once the intermediate page was confirmed, blank before."""
    return form_class(request.POST if "confirmer" in request.POST else None, **kwargs)


def screen(model_admin, request, queryset, *, eligible: bool):
    form = _confirmed_form(request, ScreeningForm, eligible=eligible)
    if not form.is_valid():
        return _action_form_page(
            model_admin, request, queryset, form,
            action="screen_eligible" if eligible else "screen_ineligible",
            title=_("Déclarer admissibles") if eligible else _("Déclarer non admissibles"),
            help_text=_("Les demandes passent à « Admissible » et pourront être assignées à un comité de leur région.")
            if eligible else _("Les demandes passent à « Non admissible » ; chaque organisme reçoit le motif par courriel."),
        )
    _apply(
        request, queryset,
        lambda application: services.screen_application(
            actor=request.user, application=application, eligible=eligible, **form.cleaned_data
        ),
        lambda count: ngettext("%(count)s demande vérifiée.", "%(count)s demandes vérifiées.", count) % {"count": count},
    )
    return None


def send_reminder(model_admin, request, queryset):
    form = _confirmed_form(request, ReminderForm)
    if not form.is_valid():
        return _action_form_page(
            model_admin, request, queryset, form, action="send_reminder", title=_("Envoyer un rappel"),
            help_text=_("Chaque membre des organismes reçoit ce message par courriel, dans la langue de l'organisme."),
        )
    _apply(
        request, queryset,
        lambda application: services.send_reminder(
            actor=request.user, application=application, message=form.cleaned_data["message"]
        ),
        lambda count: ngettext("Rappel envoyé pour %(count)s demande.", "Rappel envoyé pour %(count)s demandes.", count)
        % {"count": count},
    )
    return None


def request_information(model_admin, request, queryset):
    form = _confirmed_form(request, InfoRequestForm)
    if not form.is_valid():
        return _action_form_page(
            model_admin, request, queryset, form, action="request_information",
            title=_("Demander un complément d'information"),
            help_text=_("Les demandes passent à « Complément d'information demandé » ; l'organisme modifie "
                        "seulement les étapes rouvertes, puis soumet de nouveau."),
        )
    data = form.cleaned_data
    _apply(
        request, queryset,
        lambda application: info_requests.request_information(
            actor=request.user, application=application, message=data["message"], step_slugs=data["steps"],
            due_on=data["due_on"],
        ),
        lambda count: ngettext(
            "Complément demandé pour %(count)s demande.", "Complément demandé pour %(count)s demandes.", count
        ) % {"count": count},
    )
    return None


# --- Documents and the program dashboard ---------------------------------------------------------


def attachment_view(model_admin, request, application_pk, pk):
    """Staff download a document through the admin, within the applications they may view."""
    if not model_admin.has_view_permission(request):
        raise Http404
    application = model_admin.get_queryset(request).filter(pk=application_pk).first()
    attachment = Attachment.objects.filter(application=application, pk=pk).first() if application else None
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def documents_zip_view(model_admin, request, pk):
    """Every document of the application in one ZIP, within the applications the person may view
    (another region's: 404, like a missing one)."""
    application = model_admin.get_queryset(request).filter(pk=pk).first() if model_admin.has_view_permission(request) else None
    if application is None:
        raise Http404
    try:
        bundle, _attachments = services.bundle_documents(actor=request.user, application=application)
    except PermissionDenied:
        raise Http404
    return FileResponse(bundle, as_attachment=True, filename=bundle_name(application), content_type="application/zip")


def _dashboard_context(request, pages):
    dashboard = cached_program_dashboard(request.user)
    context = {
        "dashboard": dashboard, "charts": DashboardCharts(dashboard), "tier_names": tier_names(dashboard),
        "dashboard_pages": pages,
    }
    for page in pages:
        context.update(page_context(page, request, dashboard))
    return context


def dashboard_view(model_admin, request, page=None):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    shown = dashboard_page(page)
    if shown is None:
        raise Http404
    if request.method == "POST":  # « Recalculer »
        cached_program_dashboard(request.user, refresh=True)
        return redirect(request.path)
    context = {
        **model_admin.admin_site.each_context(request),
        **_dashboard_context(request, [shown]),
        "dashboard_nav": dashboard_pages(),
        "dashboard_page": shown,
        "title": _("Tableau de bord du programme : %(page)s") % {"page": shown.title},
    }
    return TemplateResponse(request, "admin/program_dashboard.html", context)


def dashboard_pdf_view(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    context = _dashboard_context(request, dashboard_pages())
    pdf = render_pdf("pdf/program_dashboard.html", context, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="tableau-de-bord-dataide.pdf"'
    return response
