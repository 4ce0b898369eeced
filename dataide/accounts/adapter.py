from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.shortcuts import resolve_url
from django.utils.translation import get_language

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
    message: written in a transaction, delivered by the worker, visible to staff."""

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
