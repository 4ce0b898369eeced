from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organismes.access import acting_organisme

from . import selectors, services
from .access import funded_application_for_request, share_for_request
from .forms import ShareForm
from .privacy import export_shares


@login_required
def mine(request):
    """What the organisme chose to share, and a form to share more. Never required."""
    organisme = acting_organisme(request)
    if organisme is None:
        raise Http404
    applications = list(selectors.funded_applications(organisme))
    form = ShareForm(request.POST or None, applications=applications)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.share_impact(
                actor=request.user, application=funded_application_for_request(request, data["application"]),
                indicator=data["indicator"], own_label=data["own_label"], value=data["value"], answer=data["answer"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Merci : c'est partagé. Vous pouvez le retirer en tout temps."))
            return redirect("impact:mine")
    return render(request, "impact/mine.html", {
        "organisme": organisme, "applications": applications, "form": form,
        "shares": selectors.shares_of(organisme), "language": get_language(),
    })


@login_required
@require_POST
def delete(request, pk):
    share = share_for_request(request, pk)
    services.delete_impact(actor=request.user, share=share)
    messages.success(request, _("Retiré : ce renseignement n'est plus conservé."))
    return redirect("impact:mine")


@login_required
def download(request):
    organisme = acting_organisme(request)
    if organisme is None:
        raise Http404
    response = JsonResponse({"impact": export_shares(organisme)}, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="impact.json"'
    return response


@staff_member_required
def aggregates(request):
    """Staff see totals only, and none over fewer than MIN_ORGANISMES organismes."""
    return render(request, "impact/aggregates.html", {
        "rows": selectors.aggregates(), "minimum": selectors.MIN_ORGANISMES, "language": get_language(),
    })
