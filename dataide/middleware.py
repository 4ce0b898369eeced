from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from dataide.accounts.authz import MFA_ENABLED, person_fact

# URL namespaces where people see other people's data: MFA is required there.
MFA_PROTECTED_NAMESPACES = {"admin", "committees", "trainings_staff"}


class RequireMFAMiddleware:
    """Staff, committee members and trainers must turn on two-step verification (TOTP) before
    they reach the admin, the committee pages or the trainer pages. allauth then asks for the
    code at every login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not set(match.namespaces) & MFA_PROTECTED_NAMESPACES:
            return None
        user = request.user
        if not user.is_authenticated or not user.requires_mfa or person_fact(user, MFA_ENABLED):
            return None
        messages.warning(
            request,
            _("Pour protéger les données des organismes, activez la vérification en deux étapes avant de continuer."),
        )
        return redirect("mfa_activate_totp")
