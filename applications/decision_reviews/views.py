"""The organisme asks for a review of a decision (its responsible person; the form says so)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ..access import application_for_request, viewer_is_responsible
from . import services
from .selectors import review_window


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Pourquoi la décision devrait-elle être revue ?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=3000,
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_review(request, pk):
    application = application_for_request(request, pk)
    form = ReviewRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_review(actor=request.user, application=application, reason=form.cleaned_data["reason"])
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Votre demande de révision est envoyée à l'équipe DATAide."))
            return redirect("applications:detail", pk=pk)
    return render(request, "applications/request_review.html", {
        "application": application,
        "form": form,
        "window": review_window(application),
        "is_responsible": viewer_is_responsible(application),
    })
