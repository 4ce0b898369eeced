from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.utils.translation import get_language

from dataide.outbox.services import queue_message


class AccountAdapter(DefaultAccountAdapter):
    """allauth's e-mails (verification, password reset…) go through our outbox like every other
    message: written in a transaction, delivered by the worker, visible to staff."""

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
