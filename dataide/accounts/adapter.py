import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dataide.outbox.rendering import render_message
from dataide.outbox.services import queue_message

from .roles import Role

# Where each role works, by URL name so that the core imports no domain app. The first that
# applies wins: staff, then committee members, then trainers; everyone else goes to their
# organisme's dashboard (which sends people without one to "create or join").
LANDING_PAGES = (
    (lambda user: user.is_staff, "admin:index"),
    (lambda user: user.has_role(Role.COMMITTEE_MEMBER), "committees:dashboard"),
    (lambda user: user.has_role(Role.NORD_OUVERT_TRAINER), "trainings:trainings_staff:cohorts"),
)

# allauth's messages, written by us (templates/emails/<name>/) and rendered like every other
# e-mail: our layout, the text part derived from the same HTML, the program's footer. allauth's
# own text templates printed « …sur . » (no site name) in French.
OUR_MESSAGES = {
    "account/email/email_confirmation_signup": "account_confirmation",
    "account/email/email_confirmation": "account_confirmation",
    "account/email/password_reset_key": "account_password_reset",
    "account/email/unknown_account": "account_unknown",
    "account/email/account_already_exists": "account_already_exists",
}


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset…) go through our outbox like every other
    message: written in a transaction, delivered by the worker, visible to staff.

    Failed logins are limited per address and per account *from that address* (settings
    ACCOUNT_RATE_LIMITS), never per account alone: allauth's per-account limit let anyone lock the
    owner out by typing five wrong passwords for their e-mail."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": format_lazy(
            _("Trop de tentatives de connexion échouées depuis votre réseau. Patientez quelques minutes avant "
              "de réessayer, ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? » : {url}"),
            url=reverse_lazy("account_reset_password"),
        ),
    }

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's key for the `login_failed` « key » rate (and for clearing it after a password
        # reset): the account, here joined to the client's address, so a stranger's failures
        # count against the stranger. IPv6 counts per /64, as allauth's own per-address rate.
        address = ipaddress.ip_address(self.get_client_ip(request))
        if address.version == 6:
            address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
        # Not allauth's own key: without django.contrib.sites it starts with the request's Host,
        # port included, so each web process behind its own port (or each Host an attacker sent)
        # kept its own count, and a sixth try on another process went through.
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{login}:{address}"

    def get_login_redirect_url(self, request):
        """After signing in each role lands where it works. A safe `next` is honoured before this
        is asked (allauth's `get_login_redirect_url` utility)."""
        user = request.user
        page = next((name for applies, name in LANDING_PAGES if applies(user)), "organismes:dashboard")
        return resolve_url(page)

    def send_mail(self, template_prefix, email, context):
        # The person who asked (on a /fr/ or /en/ page) is the one who reads it.
        language = get_language() or "fr-ca"
        ours = OUR_MESSAGES.get(template_prefix)
        if ours:
            rendered = render_message(ours, {**context, "email": email}, language)
        else:
            # Only the senders our settings keep off (notifications, login codes) come here;
            # tests/dataide/test_allauth_emails.py checks that they stay off.
            message = self.render_mail(template_prefix, email, context)
            html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
            rendered = (message.subject, message.body, html)
        user = context.get("user")
        with transaction.atomic():
            queue_message(
                template=f"allauth:{template_prefix.rsplit('/', 1)[-1]}",
                recipient_email=email,
                recipient_user=user if getattr(user, "pk", None) else None,
                language=language,
                rendered=rendered,
            )
