"""The organisme's agreement page: read, download, sign. Every view fetches through `access`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.access import viewer_is_responsible

from . import selectors, services
from .access import agreement_for_request
from .forms import SignatureForm


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
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(field if field in form.fields else None, item)
            else:
                for text in error.messages:
                    messages.error(request, text)
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
    })


@login_required
@require_GET
def agreement_pdf(request, pk):
    agreement = agreement_for_request(request, pk)
    response = HttpResponse(services.agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="convention-{agreement.application.number}.pdf"'
    return response
