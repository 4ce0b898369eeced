from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Registre public des bourses")

    def ready(self):
        """The search form's kept choices (forms.CHOICES_VERSION_KEY) follow any change of the
        programs, tiers and regions: signals, so the admin's edits and cascades count too."""
        from django.db.models.signals import post_delete, post_save

        from programs.models import GrantTier, Program, Region

        from .forms import forget_filter_choices

        for model in (Program, GrantTier, Region):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(forget_filter_choices, sender=model, dispatch_uid=f"register.filter.{model.__name__}.{name}")
