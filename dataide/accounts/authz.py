"""A person's roles and permissions, read from the cache instead of three queries on every request.

Every staff, committee and trainer page asks who the person is allowed to be: Django's ModelBackend
reads the user's and the groups' permissions (two queries) and `User.has_role` the group names (one),
on every request. They change rarely (staff edit a group, a person gets a role), so they are kept
in the cache under a version that any such change replaces — after the commit too, so a request
racing the change cannot keep the old answer. A cache outage (ResilientRedisCache) only means the
queries run again."""

import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "authz:version"
SECONDS = 300


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY) or version
    return version


def cached_for(user, kind: str, compute):
    """`compute()` for `user`, from the cache when this version of the authorisations has it."""
    # The flags are part of the key: they change what ModelBackend answers without any signal here.
    key = f"authz:{_version()}:{kind}:{user.pk}:{int(user.is_superuser)}{int(user.is_active)}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=SECONDS)
    return value


def forget_authorisations(**_signal_arguments) -> None:
    """Called on any change of groups, memberships of groups or permissions."""
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))

