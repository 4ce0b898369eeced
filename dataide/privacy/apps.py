from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Law 25 (Act respecting the protection of personal information in the private sector, CQLR
    c. P-39.1) in the core: the privacy notice, consents, the read log, the incident register and
    the registry through which each domain app declares what it holds. It imports no domain app."""

    name = "dataide.privacy"
    label = "privacy"
    verbose_name = _("Vie privée")

    def ready(self):
        from .privacy import register_core_categories
        from .retention import register_core_rules

        register_core_categories()
        register_core_rules()
        from dataide.accounts.authz import register_person_fact

        from .selectors import CONSENT_PROMPT, compute_consent_prompt

        register_person_fact(CONSENT_PROMPT, compute_consent_prompt)
        self._forget_consent_prompts_on_change()

    def _forget_consent_prompts_on_change(self):
        """Every page's banner asks the questions on consent a person left unanswered, from the
        cache (selectors.unanswered_purpose_labels): a person's answer forgets theirs, a purpose
        added, reworded or withdrawn forgets everybody's."""
        from django.db.models.signals import post_delete, post_save

        from dataide.accounts.authz import forget_authorisations, forget_person

        from .models import Consent, ConsentPurpose

        def consent_changed(sender, instance, **_):
            forget_person(instance.user_id)

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(consent_changed, sender=Consent, weak=False, dispatch_uid=f"privacy.prompt.consent_{name}")
            signal.connect(forget_authorisations, sender=ConsentPurpose, dispatch_uid=f"privacy.prompt.purpose_{name}")
