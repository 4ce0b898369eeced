"""The import-linter contracts (pyproject.toml, run by `make test`) really fail when a forbidden
import is added, and every app of the project sits in the layers.

Each case copies the packages to a temporary folder, adds one forbidden import to one module and
runs `lint-imports` there: it must exit non-zero and name the import. The untouched copy passes,
so the failure comes from the added line and not from the copy."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
IMPORT_LINTER = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_of_the_project(destination: Path) -> Path:
    for package in IMPORT_LINTER["root_packages"]:
        shutil.copytree(ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    shutil.copy(ROOT / "pyproject.toml", destination / "pyproject.toml")
    return destination


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=project, capture_output=True, text=True, timeout=300,
    )


def test_the_untouched_copy_keeps_every_contract(tmp_path):
    result = _lint_imports(_copy_of_the_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(IMPORT_LINTER['contracts'])} kept, 0 broken." in result.stdout


@pytest.mark.parametrize("module,forbidden,contract", [
    # The domain chain: an app imports only the apps before it.
    ("programs/models.py", "committees", "Layers"),
    # The core knows no domain app.
    ("dataide/storage.py", "applications", "Layers"),
    # The pages that combine apps sit above the domain, not inside it.
    ("committees/selectors.py", "portal.views", "Layers"),
    # Rules never reach into the request side.
    ("applications/services.py", "applications.forms", "know nothing of views"),
    # The installed code never needs the tests.
    ("organismes/selectors.py", "tests.factories", "never imports the tests"),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, forbidden, contract):
    project = _copy_of_the_project(tmp_path)
    with (project / module).open("a") as source:
        source.write(f"\nimport {forbidden}  # noqa\n")

    result = _lint_imports(project)

    assert result.returncode != 0, result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert any(contract in line for line in broken), result.stdout
    assert importer in result.stdout and forbidden in result.stdout


def test_every_app_of_the_project_sits_in_the_layers():
    """A new app must be placed in the chain (pyproject.toml), or no contract would check it."""
    installed = {config.name.split(".")[0] for config in apps.get_app_configs()}
    project_apps = {package for package in installed if (ROOT / package / "__init__.py").exists()}
    # Also an app not installed yet: every top-level package of the repository with an apps.py.
    project_apps |= {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert {"dataide", "programs", "committees", "portal", "devtools"} <= project_apps
    layers = next(contract for contract in IMPORT_LINTER["contracts"] if contract["type"] == "layers")["layers"]
    # A layer "a | b" holds independent siblings.
    layers = [package.strip() for layer in layers for package in layer.split("|")]
    assert project_apps <= set(layers), project_apps - set(layers)
    assert "config" in layers and set(layers) <= set(IMPORT_LINTER["root_packages"])
