"""Redis back after an outage with what it held before (restarted from its snapshot here) must not
serve what the outage's writes replaced: a process that saw the outage deletes every key of the
cache from Redis before its first call there (never the broker's), and forgets its own memory.

A Redis of its own per test, on a free port: stopping it affects nobody else's tests."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

import dataide.cache
from config.settings.base import redis_cache
from dataide.cache import ResilientRedisCache
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


class SnapshotRedis:
    """A redis-server keeping its data in `folder`: `save_and_stop` snapshots it then stops it,
    `start` brings it back with that snapshot, as a crashed-and-restarted Redis comes back."""

    def __init__(self, folder):
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed (.ci/run installs it)"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--dbfilename", "snapshot.rdb", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(100):
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def save_and_stop(self):
        client = redis.Redis.from_url(self.url)
        client.save()
        try:
            client.shutdown(nosave=True)
        except redis.ConnectionError:
            pass
        self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


@pytest.fixture
def snapshot_redis(settings, tmp_path, monkeypatch):
    server = SnapshotRedis(tmp_path)
    server.start()
    settings.CACHES = {**settings.CACHES, "default": redis_cache(server.url, "recovery")}
    # Redis is tried again at the next call instead of 10 s later.
    monkeypatch.setattr(dataide.cache, "RETRY_SECONDS", 0)
    yield server
    server.stop()


def test_a_key_changed_during_an_outage_is_not_served_from_the_old_redis(snapshot_redis):
    cache.set("figures", "counted before", 300)
    cache.set("untouched", "still right", 300)
    snapshot_redis.save_and_stop()

    cache.delete("figures")
    assert cache.get("figures") is None
    snapshot_redis.start()

    assert redis.Redis.from_url(snapshot_redis.url).exists(cache.make_key("figures")), "the snapshot came back"
    assert cache.get("figures") is None
    assert not redis.Redis.from_url(snapshot_redis.url).exists(cache.make_key("figures"))
    assert cache.get("untouched") is None  # every key of the cache: its readers compute it again


def test_values_set_during_an_outage_are_not_served_from_memory_at_the_next_one(snapshot_redis):
    cache.set("figures", "counted before", 300)
    snapshot_redis.save_and_stop()
    cache.set_many({"figures": "counted during the outage"}, 300)
    snapshot_redis.start()
    assert cache.get("figures") is None

    cache.set("figures", "counted after", 300)
    snapshot_redis.save_and_stop()
    assert cache.get("figures") is None, "the first outage's value, left in the process's memory"


def test_a_process_that_saw_the_outage_deletes_what_another_process_wrote_meanwhile(snapshot_redis):
    """Two web processes: one signs a session out during the outage, the other only read then.
    Once Redis is back, the reader's first call deletes every key of the cache, so it never
    serves the session from the old Redis, whether or not the writer came back first; the
    broker's keys, which share the Redis, stay."""
    writer = cache
    reader = ResilientRedisCache(snapshot_redis.url, redis_cache(snapshot_redis.url, "recovery"))
    writer.set("session:abc", "signed in", 300)
    other = redis.Redis.from_url(snapshot_redis.url)
    other.set("celery-like-key", "the broker's")
    snapshot_redis.save_and_stop()
    writer.delete("session:abc")
    assert reader.get("session:abc") is None  # the reader made a call during the outage too
    snapshot_redis.start()

    assert reader.get("session:abc") is None
    assert other.get("celery-like-key") == b"the broker's"


def test_signing_out_during_an_outage_stays_signed_out_once_redis_is_back(client, snapshot_redis, settings):
    """The session lives in Redis and in the database (cached_db): signed out while Redis is away,
    the database row is gone, and the old cookie must not find the session again in the snapshot."""
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    snapshot_redis.save_and_stop()

    assert client.post(reverse("account_logout")).status_code == 302
    snapshot_redis.start()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie

    response = client.get(reverse("account_email"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
