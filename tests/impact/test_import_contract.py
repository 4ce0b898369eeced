"""The import contract that keeps impact out of scoring and decisions really bites: a copy of the
project in which `committees` imports `impact` fails lint-imports."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = ["devtools", "config", "portal", "impact", "committees", "applications", "trainings", "organismes",
            "programs", "dataide"]


def _lint(tree: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, capture_output=True,
        text=True, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, timeout=300,
    )


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    tree = tmp_path_factory.mktemp("project")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


@pytest.mark.parametrize("module", ["committees/probe.py", "applications/eligibility.py", "applications/decisions.py"])
def test_the_contract_fails_when_scoring_or_deciding_imports_impact(project_copy, module):
    target = project_copy / module
    original = target.read_text() if target.exists() else None
    target.write_text((original or "") + "\nimport impact.selectors  # noqa\n")
    try:
        result = _lint(project_copy)
    finally:
        target.unlink() if original is None else target.write_text(original)
    assert result.returncode != 0, result.stdout
    assert "Voluntary impact never reaches scoring or decisions BROKEN" in result.stdout


def test_the_untouched_copy_keeps_every_contract(project_copy):
    result = _lint(project_copy)
    assert result.returncode == 0, result.stdout + result.stderr
