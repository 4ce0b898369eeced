"""docker-compose.yml runs the portal on more than one process: object storage for the files,
migrations once, web and workers scalable, one beat."""

from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_files_go_to_the_s3_service_not_a_shared_disk():
    assert "seaweedfs" in SERVICES["s3"]["image"]
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["environment"]["STORAGE_URL"].startswith("s3://")
        assert "volumes" not in SERVICES[name]


def test_web_and_workers_scale_and_beat_stays_single():
    assert SERVICES["web"]["ports"] == ["8000-8009:8000"]  # a port range: several replicas fit
    assert "migrate" not in SERVICES["web"]["command"]
    assert SERVICES["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "ports" not in SERVICES["worker"]
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
