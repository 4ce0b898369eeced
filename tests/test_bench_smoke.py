"""A tiny run of the performance harness, so it never rots: the scale set loads, `bench` starts its
gunicorn, prints a line for every measurement and target, writes its JSON and stops the server.
No time is asserted here — targets are reported by `make bench`, not tested."""

import json
import os
import re
import socket
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.models import Application
from dataide.outbox.models import OutboxMessage
from devtools.bench.pages import PAGE_NAMES
from devtools.bench.scale import dataset_sizes
from organismes.models import Organisme
from tests.factories import ApplicationFactory

TINY = {
    "organismes": 80, "attendances": 120, "applications": 160, "committees": 2, "scores": 400, "messages": 200,
}
OTHER_MEASUREMENTS = (
    "server", "csv_export_memory", "guide_render", "awards_concurrent", "outbox_queue", "outbox_queue_bulk",
    "outbox_delivery", "tidy_up", "targets",
)
PAGE_LINE = re.compile(
    r"^bench (?P<name>\w+) median_ms=\d+\.\d p95_ms=\d+\.\d rps=(?P<rps>\d+|-) ratio_trivial=\d+\.\d\d "
    r"ratio_empty=\d+\.\d\d queries=(?P<queries>\d+|-)$"
)
TARGET_LINE = re.compile(r"^target \w+ goal=\S+ measured=\S+ (PASS|FAIL)$")


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", **{**TINY, **options}, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_seed_scale_loads_the_sizes_asked_and_refuses_a_second_run():
    assert "seed_scale loaded in" in _seed()
    sizes = dataset_sizes()
    assert sizes["organismes"] == 80
    assert sizes["applications"] == 160
    assert sizes["committees"] == 2
    assert sizes["criterion_scores"] == 400
    assert sizes["outbox_messages"] == 200

    with pytest.raises(CommandError, match="--reset"):
        _seed()
    assert "kept" in _seed(if_missing=True)
    assert dataset_sizes() == sizes


@pytest.mark.django_db(transaction=True)
def test_reset_replaces_only_the_scale_data():
    kept = ApplicationFactory()
    _seed()
    _seed(reset=True, organismes=40, applications=60)

    assert Organisme.objects.filter(pk=kept.organisme_id).exists()
    assert Application.objects.filter(pk=kept.pk).exists()
    assert dataset_sizes()["organismes"] == 40


@pytest.mark.django_db(transaction=True)
def test_bench_measures_every_page_over_http_and_stops_its_server(tmp_path):
    _seed()
    reminders = OutboxMessage.objects.filter(template="webinar_reminder").count()
    output = tmp_path / "results.json"
    out = StringIO()
    call_command(
        "bench", rounds=1, burst=2, warmup=1, messages=20, award_workers=4, award_places=2,
        award_candidates=4, delivery_timeout=60, output=str(output), stdout=out,
    )

    lines = out.getvalue().splitlines()
    for name in (*PAGE_NAMES, *OTHER_MEASUREMENTS):
        assert any(line.startswith(f"bench {name} ") for line in lines), name
    pages = {match["name"]: match for line in lines if (match := PAGE_LINE.match(line))}
    assert set(pages) == set(PAGE_NAMES), [line for line in lines if line.split()[1] in set(PAGE_NAMES) - set(pages)]
    assert pages["bare_wsgi"]["queries"] == "-"  # Django never saw it
    assert all(pages[name]["queries"] != "-" for name in PAGE_NAMES if name != "bare_wsgi")
    targets = [line for line in lines if line.startswith("target ")]
    assert targets and all(TARGET_LINE.match(line) for line in targets)
    assert "target register_json_304 goal=304withIf-None-Match measured=304 PASS" in targets

    # The server it started is gone: master process reaped, port closed.
    started = next(line for line in lines if line.startswith("bench server gunicorn "))
    pid = int(re.search(r"pid=(\d+)", started)[1])
    assert f"bench server stopped pid={pid}" in lines
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    address = urlsplit(re.search(r"url=(\S+)", started)[1])
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((address.hostname, address.port), timeout=2)

    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results["pages"]) == set(PAGE_NAMES)
    assert results["dataset"]["organismes"] == 80
    assert results["awards"]["within_quota"] is True
    assert results["outbox"]["queue"]["messages"] == 20
    # The e-mails the scenario queued are gone again: the next run reads the same data set.
    assert results["outbox"]["tidy_up"]["messages_deleted"] == 20
    assert OutboxMessage.objects.filter(template="webinar_reminder").count() == reminders
    assert {"timestamp", "git", "targets"} <= set(results)


@pytest.mark.django_db(transaction=True)
def test_profile_mode_times_the_pages_in_process(tmp_path):
    _seed()
    out = StringIO()
    call_command("bench", profile=True, no_scenarios=True, requests=1, warmup=1, export_requests=1,
                 output=str(tmp_path / "profile.json"), stdout=out)

    lines = out.getvalue().splitlines()
    assert not any(line.startswith("bench server ") for line in lines)
    assert any(line.startswith("bench committee_results median_ms=") for line in lines)
