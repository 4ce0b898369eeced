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
        self._forget_authorisations_on_change()
        from allauth.mfa.utils import is_mfa_enabled

        from .authz import MFA_ENABLED, register_person_fact

        register_person_fact("roles", lambda user: frozenset(user.groups.values_list("name", flat=True)))
        # Asked by dataide.middleware.RequireMFAMiddleware on every staff and committee page.
        register_person_fact(MFA_ENABLED, is_mfa_enabled)
        self._forget_mfa_on_change()

    def _forget_authorisations_on_change(self):
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .authz import forget_authorisations
        from .models import User

        for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(forget_authorisations, sender=through, dispatch_uid=f"authz.{through.__name__}")
        for model in (Group, Permission):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(forget_authorisations, sender=model, dispatch_uid=f"authz.{model.__name__}.{name}")

    def _forget_mfa_on_change(self):
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_delete, post_save

        from .authz import forget_person

        def forget(instance, **_signal):
            forget_person(instance.user_id)

        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(forget, sender=Authenticator, weak=False, dispatch_uid=f"authz.mfa.{name}")
