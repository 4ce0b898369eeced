"""The authentication backend: Django's, with the permissions kept in the cache (authz.py)."""

from django.contrib.auth.backends import ModelBackend

from .authz import cached_for


class CachedModelBackend(ModelBackend):
    """ModelBackend whose object-less permissions come from `cached_for`."""

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_for(
                user_obj, "perms", lambda: frozenset(super(CachedModelBackend, self).get_all_permissions(user_obj))
            )
        return user_obj._perm_cache
