"""The staff side of a demande de révision (applications.decision_reviews): the committee tells
who judged the application, and staff answer on a page of the committees namespace (MFA)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from applications.decision_reviews import services
from applications.decision_reviews.models import ReviewOutcome

from .access import decision_review_for_staff
from .models import Alternate, Seat


def committee_participants(application) -> set[int]:
    """Registered with applications.decision_reviews: the people who sit on, or stand in for,
    the committee that judged `application` (none when no committee did)."""
    committee = Q(committee__assignments__application=application)
    return set(Seat.objects.filter(committee).values_list("user_id", flat=True)) | set(
        Alternate.objects.filter(committee).values_list("user_id", flat=True)
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Issue"),
        choices=[(ReviewOutcome.UPHELD, ReviewOutcome.UPHELD.label), (ReviewOutcome.SENT_BACK, ReviewOutcome.SENT_BACK.label)],
        widget=forms.RadioSelect,
    )
    response = forms.CharField(label=gettext_lazy("Réponse à l'organisme"), widget=forms.Textarea(attrs={"rows": 5}))


@login_required
@require_http_methods(["GET", "POST"])
def handle(request, review_pk):
    review = decision_review_for_staff(request.user, review_pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and review.is_pending and form.is_valid():
        try:
            services.resolve_review(actor=request.user, review=review, **form.cleaned_data)
        except PermissionDenied as error:
            messages.error(request, str(error))
        except ValidationError as error:
            for text in error.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Réponse enregistrée ; l'organisme en est informé."))
            return redirect("committees:decision_review", review.pk)
    return render(request, "committees/decision_review.html", {
        "review": review,
        "application": review.application,
        "form": form,
        "answer_by": services.answer_deadline(review),
    })
