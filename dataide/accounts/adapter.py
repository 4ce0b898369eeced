import ipaddress

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dataide.outbox.services import queue_message


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
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{address}"

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        user = context.get("user")
        with transaction.atomic():
            queue_message(
                template=f"allauth:{template_prefix.rsplit('/', 1)[-1]}",
                recipient_email=email,
                recipient_user=user if getattr(user, "pk", None) else None,
                language=get_language() or "fr-ca",
                rendered=(message.subject, message.body, html),
            )
