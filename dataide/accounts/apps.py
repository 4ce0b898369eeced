from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dataide.accounts"
    label = "accounts"
    verbose_name = _("Comptes et rôles")

    def ready(self):
        from .roles import sync_role_permissions

        # Permissions exist only once every app has migrated, so roles are completed here,
        # after each `migrate`, which also picks up models added by later migrations.
        post_migrate.connect(sync_role_permissions, dispatch_uid="dataide.sync_role_permissions")
