"""Redis down degrades, never answers 500: the production cache backend pointed at a port where
nothing listens still signs people in, still throttles wrong passwords, and serves the dashboard."""

import logging
import socket

import pytest
import redis
from django.core.cache import cache, caches
from django.urls import reverse

from config.settings.base import redis_cache
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.staff.factories import signed_in_team

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("admin:program_dashboard")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_unreachable(settings, caplog):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(f"redis://127.0.0.1:{_closed_port()}/0", "outage")}
    caplog.set_level(logging.WARNING, logger="dataide.cache")
    return caplog


def test_login_works_while_redis_is_unreachable(client, redis_unreachable):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Cache Redis injoignable" in redis_unreachable.text


def test_wrong_passwords_are_still_throttled_while_redis_is_unreachable(client, redis_unreachable):
    user = UserFactory()
    for _ in range(5):
        assert client.post(reverse("account_login"), {"login": user.email, "password": "mauvais-mot-de-passe"}).status_code == 200
    response = client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code in (200, 429) and "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode()


def test_the_program_dashboard_opens_and_recalculates_while_redis_is_unreachable(client, redis_unreachable):
    signed_in_team(client)
    assert client.get(DASHBOARD).status_code == 200
    assert client.post(DASHBOARD).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert "Cache Redis injoignable" in redis_unreachable.text


@pytest.mark.redis
def test_a_running_redis_holds_the_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(settings.REDIS_URL, "outage")}
    cache.set("probe", {"figures": 1}, 30)
    assert cache.get("probe") == {"figures": 1}
    assert redis.Redis.from_url(settings.REDIS_URL).exists(cache.make_key("probe"))
    cache.delete("probe")


@pytest.mark.redis
def test_two_databases_sharing_one_redis_never_read_each_others_cache(settings):
    """Staging beside production, or a benchmark beside a developer's copy, on one Redis: the key
    prefix follows the database's name, so one never serves the other's cached pages or sessions."""
    production = redis_cache(settings.REDIS_URL, "dataide")
    staging = redis_cache(settings.REDIS_URL, "dataide_staging")
    settings.CACHES = {**settings.CACHES, "production": production, "staging": staging}

    caches["production"].set("dashboard", "production's figures", 30)
    assert caches["staging"].get("dashboard") is None
    caches["staging"].set("dashboard", "staging's figures", 30)
    assert caches["production"].get("dashboard") == "production's figures"
    caches["production"].delete("dashboard")
    caches["staging"].delete("dashboard")
