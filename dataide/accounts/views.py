from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import NameForm


@login_required
def profile(request):
    """The person's account page: their name (the rest of the account is allauth's and MFA's)."""
    form = NameForm(request.POST or None, initial={"full_name": request.user.full_name})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_name(actor=request.user, person=request.user, full_name=form.cleaned_data["full_name"])
        except ValidationError as error:
            form.add_error("full_name", error)
        else:
            messages.success(request, _("Votre nom est enregistré."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
