from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import held_page, registry, selectors, services
from .forms import CloseAccountForm, ConsentForm, save_choices
from .models import ConsentMethod, ConsentPurpose


def notice(request):
    """The public privacy page (P-39.1 s. 3.2; see PrivacyNotice): who is in charge, what is held
    and why, who sees it, how long it is kept, the optional purposes and how to exercise rights."""
    return render(request, "privacy/notice.html", {
        "notice": selectors.current_notice(),
        "officer": services.officer(),
        # Printed from Python by the same table as « Ce que nous détenons », without the counts.
        "person_table": held_page.categories_table(registry.categories(registry.PERSON)),
        "organisme_table": held_page.categories_table(registry.categories(registry.ORGANISME)),
        "purposes": ConsentPurpose.objects.filter(active=True),
        "english": get_language() == "en",
    })


@login_required
def consents(request):
    """« Mes consentements »: the current choices, changed with the same checkboxes, and the history."""
    # An empty POST (every box unticked) is a submission too: `request.POST or None` would ignore it.
    data = request.POST if request.method == "POST" else None
    form = ConsentForm(data, choices=selectors.consent_choices(request.user))
    if request.method == "POST" and form.is_valid():
        recorded = save_choices(
            person=request.user, purposes=form.purposes, cleaned_data=form.cleaned_data, method=ConsentMethod.ACCOUNT
        )
        messages.success(request, _("Vos choix sont enregistrés.") if recorded else _("Vos choix n'ont pas changé."))
        return redirect("privacy:consents")
    language = get_language() or "fr-ca"
    return render(request, "privacy/consents.html", {
        "form": form, "history": selectors.consent_history(request.user),
        "unanswered": [purpose.label(language) for purpose in selectors.unanswered_purposes(request.user)],
    })


def _held(subject: str, target) -> tuple[list[dict], str]:
    """The subject's categories with how many records of each, and their table (held_page)."""
    categories, counts = registry.categories(subject), registry.row_counts(subject, target)
    items = [{"category": category, "rows": counts[category.key]} for category in categories]
    return items, held_page.categories_table(categories, counts)


@login_required
def held(request):
    """« Ce que nous détenons sur vous »: every category the apps declare, its purpose and its
    retention, with how many records of it there are; for the responsible person, the organisme's
    too and who opened its file (P-39.1 s. 27: access to the information held)."""
    organisme = registry.responsible_organisme(request)
    person_categories, person_table = _held(registry.PERSON, request.user)
    organisme_categories, organisme_table = _held(registry.ORGANISME, organisme) if organisme else ([], "")
    reads = selectors.reads_of_organisme(organisme.pk) if organisme else []
    return render(request, "privacy/held.html", {
        "person_categories": person_categories, "organisme_categories": organisme_categories,
        "organisme": organisme, "reads": reads,
        # The tables printed from Python (held_page): the same HTML their template tags wrote.
        "person_table": person_table, "organisme_table": organisme_table,
        "reads_table": held_page.reads_table(reads),
    })


@login_required
@require_POST
def export_request(request):
    """« Télécharger nos données »: the person's data, plus the organisme's for its responsible person."""
    organisme = registry.responsible_organisme(request) if request.POST.get("scope") == "organisme" else None
    services.request_export(actor=request.user, organisme_id=organisme.pk if organisme else None)
    messages.success(request, _("C'est parti : un courriel vous donnera le lien de téléchargement."))
    return redirect("privacy:held")


@login_required
def export_download(request, token):
    try:
        content = services.download_export(actor=request.user, token=token)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("privacy:held")
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="donnees-dataide.zip"'
    return response


@login_required
def close_account(request):
    """A person closes their account (the right to deletion): confirmed by a checkbox, then done."""
    data = request.POST if request.method == "POST" else None
    form = CloseAccountForm(data)
    if data is not None and form.is_valid():
        try:
            services.close_account(actor=request.user, person=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Votre compte est fermé. Merci d'avoir participé à DATAide."))
            return redirect("home")
    return render(request, "privacy/close.html", {"form": form})
