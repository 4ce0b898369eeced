from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Registre public des bourses")

    def ready(self):
        """The reference data's version (register.reference) follows any change of the programs,
        tiers and regions: signals, so the admin's edits and cascades count too."""
        from django.db.models.signals import post_delete, post_save

        from programs.models import GrantTier, Program, Region

        from .reference import forget_reference_data

        for model in (Program, GrantTier, Region):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(forget_reference_data, sender=model, dispatch_uid=f"register.reference.{model.__name__}.{name}")
