"""A tiny run of the performance harness, so it never rots: the scale set loads, `bench` prints a
line for every measurement and writes its JSON. No time is asserted here — targets are reported
by `make bench`, not tested."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.models import Application
from devtools.bench.pages import PAGE_NAMES
from devtools.bench.scale import dataset_sizes
from organismes.models import Organisme
from tests.factories import ApplicationFactory

TINY = {
    "organismes": 80, "attendances": 120, "applications": 160, "committees": 2, "scores": 400, "messages": 200,
}
OTHER_MEASUREMENTS = (
    "csv_export_memory", "guide_render", "awards_concurrent", "outbox_queue", "outbox_queue_bulk",
    "outbox_delivery", "targets",
)


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
def test_bench_prints_every_measurement_and_writes_its_json(tmp_path):
    _seed()
    output = tmp_path / "results.json"
    out = StringIO()
    call_command(
        "bench", requests=2, warmup=1, export_requests=1, messages=20, award_workers=4, award_places=2,
        award_candidates=4, delivery_timeout=60, output=str(output), stdout=out,
    )

    lines = out.getvalue().splitlines()
    for name in (*PAGE_NAMES, *OTHER_MEASUREMENTS):
        assert any(line.startswith(f"bench {name} ") for line in lines), name
    page_lines = [line for line in lines if line.split()[1] in PAGE_NAMES]
    assert not [line for line in page_lines if "error=" in line]
    measured = [line for line in page_lines if "skipped=" not in line]
    assert all(" median_ms=" in line and " p95_ms=" in line and " ratio=" in line and " queries=" in line for line in measured)

    results = json.loads(output.read_text(encoding="utf-8"))
    assert set(results["pages"]) == set(PAGE_NAMES)
    assert results["dataset"]["organismes"] == 80
    assert results["awards"]["within_quota"] is True
    assert results["outbox"]["queue"]["messages"] == 20
    assert {"timestamp", "git", "targets"} <= set(results)
