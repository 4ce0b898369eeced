"""The tiers' usage as pages show it (applications.selectors.shown_tier_usage) is what counting
live says (tier_usage, the ORM), whatever the cache holds: nothing, counts of a retired version,
some tiers only; and the version with every tier's counts comes in one round trip to the cache
(dataide.cache_versions.read)."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from applications.models import ApplicationStatus
from applications.selectors import COUNTS_KEY, shown_tier_usage, tier_usage
from dataide import cache_versions
from programs.models import GrantTier
from programs.usage import USAGE_VERSION_KEY, forget_shown_usage
from tests.factories import ApplicationFactory, tier

pytestmark = pytest.mark.django_db

TIERS = ("amorcage", "acceleration", "innovation")


def _facts(usages) -> list:
    return [(usage.tier.pk, usage.awards, usage.awarded_amount, usage.places_left, usage.budget_left) for usage in usages]


def _live(tiers=None) -> list:
    return _facts(tier_usage(tiers))


def _award(code: str, amount: str, status=ApplicationStatus.AWARDED):
    ApplicationFactory(tier=tier(code), status=status, amount_requested=Decimal(amount), amount_awarded=Decimal(amount))
    forget_shown_usage()


def _forget_innovation():
    version, found = cache_versions.read(USAGE_VERSION_KEY, [COUNTS_KEY])
    counts = {pk: value for pk, value in found[COUNTS_KEY].items() if pk != tier("innovation").pk}
    cache_versions.store(version, {COUNTS_KEY: counts}, timeout=60)


def test_shown_usage_is_the_live_count_through_awards_and_cache_states():
    seen = []
    steps = [
        lambda: None,
        lambda: _award("amorcage", "4999.99"),
        lambda: _award("innovation", "20000"),
        lambda: ApplicationFactory(tier=tier("acceleration"), status=ApplicationStatus.IN_REVIEW),  # not an award
        lambda: _award("amorcage", "1200.01", ApplicationStatus.AGREEMENT),
        lambda: cache.delete(USAGE_VERSION_KEY),  # the version lost: every count is retired
        _forget_innovation,  # one tier's counts lost: the others kept
    ]
    for step in steps:
        step()
        for tiers in (None, GrantTier.objects.all(), list(GrantTier.objects.filter(code__in=TIERS[1:])), [tier("innovation")]):
            expected = _live(GrantTier.objects.filter(pk__in=[t.pk for t in tiers]) if isinstance(tiers, list) else None)
            assert _facts(shown_tier_usage(tiers)) == expected  # counted (or read) now
            assert _facts(shown_tier_usage(tiers)) == expected  # from the cache
        seen.append(_live())
    assert len({tuple(state) for state in seen}) >= 4  # the awards did change the counts


def test_a_count_stored_under_a_retired_version_is_never_shown():
    shown_tier_usage()
    ApplicationFactory(
        tier=tier("amorcage"), status=ApplicationStatus.AWARDED, amount_requested=Decimal("100"), amount_awarded=Decimal("100"),
    )
    assert _facts(shown_tier_usage()) != _live()  # no award went through the service: still cached
    forget_shown_usage()
    assert _facts(shown_tier_usage()) == _live()


def test_the_version_and_every_count_in_one_round_trip(django_assert_num_queries, monkeypatch):
    shown_tier_usage()
    calls = []

    def counted(name, original):
        def call(*args, **kwargs):
            outermost = not calls or calls[-1] != "…"
            if outermost:
                calls.append(name)
                calls.append("…")  # the backend's own calls within this one are not round trips
            try:
                return original(*args, **kwargs)
            finally:
                if outermost:
                    calls.pop()
        return call

    for name in ("get", "get_many", "set", "set_many", "add"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    tiers = list(GrantTier.objects.all())
    with django_assert_num_queries(0):
        shown_tier_usage(tiers)
    assert calls == ["get_many"]


def test_read_keeps_only_the_figures_of_the_current_version():
    version = cache_versions.current("test:version")
    cache_versions.store(version, {"test:a": 1, "test:b": (2, Decimal("3.50"))}, timeout=60)
    cache_versions.store("an-older-version", {"test:c": 4}, timeout=60)
    assert cache_versions.read("test:version", ["test:a", "test:b", "test:c", "test:d"]) == (
        version, {"test:a": 1, "test:b": (2, Decimal("3.50"))},
    )
    cache.delete("test:version")
    new_version, figures = cache_versions.read("test:version", ["test:a", "test:b"])
    assert figures == {} and new_version != version and cache_versions.current("test:version") == new_version


def test_nothing_counted_since_an_award_counts_with_the_pages_own_query(django_assert_num_queries):
    forget_shown_usage()
    with django_assert_num_queries(1):  # the tiers and their counts together
        usages = shown_tier_usage(GrantTier.objects.all())
    assert _facts(usages) == _live()
    with django_assert_num_queries(1):  # the tiers; their counts from the cache
        again = shown_tier_usage(GrantTier.objects.all())
    assert _facts(again) == _live()
