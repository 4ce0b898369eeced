"""The version of the reference data the register prints: programs, tiers and regions.

Their names stand in every award of the page and the feeds, yet none of them has a timestamp of
its own, so any save or deletion of one replaces this version (signals connected in register.apps,
admin edits and cascades included). The search form keeps its choices under it; the feeds' ETag and
Last-Modified include it, so a renamed tier is never served from a client's or a process's copy."""

from datetime import datetime

from dataide import cache_versions

REFERENCE_VERSION_KEY = "register:reference:version"


def reference_version() -> str:
    return cache_versions.current(REFERENCE_VERSION_KEY)


def reference_changed_at(version: str) -> datetime | None:
    return cache_versions.created_at(version)


def forget_reference_data(**_signal_arguments) -> None:
    cache_versions.forget(REFERENCE_VERSION_KEY)
