from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganismesConfig(AppConfig):
    name = "organismes"
    verbose_name = _("Organismes")

    def ready(self):
        from .privacy import register_categories

        register_categories()  # what it holds, for « Ce que nous détenons » and the ZIP
        from dataide.accounts.authz import register_person_fact

        from .selectors import HEADER_ORGANISMES, compute_header_organismes

        register_person_fact(HEADER_ORGANISMES, compute_header_organismes)
        self._forget_headers_on_change()

    def _forget_headers_on_change(self):
        """Every page's header names the organismes a person acts for, from the cache
        (selectors.header_organismes_of): forget it when a membership comes, goes or is chosen,
        and when an organisme is renamed. Signals, so the admin's edits and cascades count too."""
        from django.db.models.signals import post_delete, post_save

        from dataide.accounts.authz import forget_person

        from .models import Membership, Organisme

        def membership_changed(sender, instance, **_):
            forget_person(instance.user_id)

        def organisme_saved(sender, instance, created, update_fields=None, **_):
            if created or (update_fields is not None and "legal_name" not in update_fields):
                return
            for user_id in Membership.objects.filter(organisme_id=instance.pk).values_list("user_id", flat=True):
                forget_person(user_id)

        post_save.connect(membership_changed, sender=Membership, weak=False, dispatch_uid="organismes.header.membership_saved")
        post_delete.connect(membership_changed, sender=Membership, weak=False, dispatch_uid="organismes.header.membership_deleted")
        post_save.connect(organisme_saved, sender=Organisme, weak=False, dispatch_uid="organismes.header.organisme_saved")
