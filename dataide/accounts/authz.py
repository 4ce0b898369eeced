"""What every page asks about the signed-in person, read from the cache instead of queries on every
request: their roles and permissions, and the facts the header shows (the organismes they act for,
the consent questions they have not answered).

Every staff, committee and trainer page asks who the person is allowed to be: Django's ModelBackend
reads the user's and the groups' permissions (two queries) and `User.has_role` the group names (one);
every page's header names the organisme acted for and asks the questions on consent left unanswered.
They change rarely, so they are kept in the cache under two versions: one that any change of groups
or permissions replaces (it concerns everybody), and the person's own, which a change of their
memberships or consents replaces. Both are replaced in the changing transaction and again after its
commit, so a request racing the change cannot keep the old answer. A cache outage
(ResilientRedisCache) only means the queries run again."""

import uuid

from django.core.cache import cache

from dataide import cache_versions

VERSION_KEY = "authz:version"
SECONDS = 300


def _person_version_key(user_id) -> str:
    return f"authz:person:{user_id}"


def _current_versions(user_id, found: dict) -> tuple[str, str]:
    """The two versions, created where the cache has none (a new person, an outage, a change)."""
    keys = (VERSION_KEY, _person_version_key(user_id))
    missing = {key: uuid.uuid4().hex for key in keys if found.get(key) is None}
    if missing:
        for key, version in missing.items():
            cache.add(key, version, timeout=None)
        # Another process may have added its own first: the cache's value is the one that counts.
        found = {**found, **{key: value for key, value in cache.get_many(list(missing)).items()}}
    return tuple(found.get(key) or missing.get(key) for key in keys)


def _key(user, kind: str) -> str:
    # The flags are part of the key: they change what ModelBackend answers without any signal here.
    return f"authz:{kind}:{user.pk}:{int(user.is_superuser)}{int(user.is_active)}"


def _read(user, kind: str):
    """(the current versions, what is stored for `kind` under them or None): one round trip, the
    versions being read with the value and stored beside it."""
    key = _key(user, kind)
    found = cache.get_many([VERSION_KEY, _person_version_key(user.pk), key])
    versions = _current_versions(user.pk, found)
    stored = found.get(key)
    return versions, (stored[1] if stored is not None and stored[0] == versions else None)


def _store(user, kind: str, versions, value) -> None:
    cache.set(_key(user, kind), (versions, value), timeout=SECONDS)


def cached_for(user, kind: str, compute):
    """`compute()` for `user`, from the cache when it was stored under the current versions."""
    versions, value = _read(user, kind)
    if value is None:
        value = compute()
        _store(user, kind, versions, value)
    return value


# What every page asks about the person, kept in one cache entry read in one round trip: apps add
# theirs in their ready() (name -> compute(user)).
_PERSON_FACTS = {}
FACTS = "facts"
# Whether the person turned on two-step verification (any allauth authenticator).
MFA_ENABLED = "mfa_enabled"


def register_person_fact(name: str, compute) -> None:
    _PERSON_FACTS[name] = compute


def person_fact(user, name: str):
    """One of the person's facts (`register_person_fact`). They share one cache entry, read once per
    request and kept on the request's user object; a fact missing from it is computed alone and
    added (a page whose view fetched the memberships never computes the header's). A change made
    while a request runs shows from the next request (every page that changes something redirects)."""
    if not hasattr(user, "_person_facts"):
        versions, facts = _read(user, FACTS)
        user._person_facts, user._person_facts_versions = dict(facts or {}), versions
    facts = user._person_facts
    if name not in facts:
        facts[name] = _PERSON_FACTS[name](user)
        _store(user, FACTS, user._person_facts_versions, facts)
    return facts[name]


def forget_authorisations(**_signal_arguments) -> None:
    """Called on any change of groups, memberships of groups or permissions, or of anything else
    every person's cached facts depend on (a consent purpose)."""
    cache_versions.forget(VERSION_KEY)


def forget_person(user_id) -> None:
    """Called when what the header shows one person changes (their memberships, their consents)."""
    cache_versions.forget(_person_version_key(user_id))
