from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Demandes de bourse")

    def ready(self):
        from organismes.services import follow_region_changes
        from programs.usage import register_tier_usage

        from . import dashboard, documents  # noqa: F401  register the dashboard panel and the award letter
        from .models import Application
        from .privacy import register_categories
        from .selectors import forget_list_counts, tier_usage
        from .services import follow_organisme_region

        follow_region_changes(follow_organisme_region)  # Application.region stays its organisme's
        register_tier_usage(tier_usage)  # a tier's quota and envelope never go below its awards
        register_categories()  # what it holds and whose reads are logged (dataide.privacy)
        # The staff list's cached count (selectors.counted): an application created or deleted.
        post_save.connect(
            _created_only(forget_list_counts), sender=Application, weak=False, dispatch_uid="applications-list-count-save"
        )
        post_delete.connect(forget_list_counts, sender=Application, dispatch_uid="applications-list-count-delete")


def _created_only(receiver):
    def on_save(*, created, **kwargs):
        if created:
            receiver()

    return on_save
