"""The authentication backend: Django's, with the permissions kept in the cache (authz.py) and
the signed-in person read by SQL compiled once per process."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from ..compiled import CompiledQuery
from .authz import cached_for

# Every signed-in request reads its user: compiling that one-row query cost the empty signed-in
# page (the floor every page is measured against) a tenth of its Python work.
_USER = CompiledQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk).order_by()[:1])


class CachedModelBackend(ModelBackend):
    """ModelBackend whose object-less permissions come from `cached_for`."""

    def get_user(self, user_id):
        """ModelBackend.get_user (None for no such user, or one who may not sign in)."""
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _USER.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_for(
                user_obj, "perms", lambda: frozenset(super(CachedModelBackend, self).get_all_permissions(user_obj))
            )
        return user_obj._perm_cache
