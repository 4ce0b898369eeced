"""Every service that changes state checks its actor itself, whoever calls it (mirrors the IDOR walk
over URLs): each public function with a keyword-only `actor` in a services or decisions module must
have an unauthorised-actor case in tests/service_walk/<app>.py, and that case must be refused."""

import importlib
import inspect
import pkgutil

import pytest
from django.core.exceptions import PermissionDenied

from dataide.audit.models import AuditEvent

# The packages whose services the walk covers; a new app joins here.
SERVICE_PACKAGES = ["dataide", "programs", "organismes", "trainings", "applications", "committees", "impact", "register", "grants", "portal"]
SERVICE_MODULE_NAMES = {"services", "decisions"}
# Functions that take an actor but change nothing of their own, each with the reason.
EXEMPT = {
    "dataide.audit.services.record_event": "writes the audit row of a change its caller already authorised",
    "committees.services.membership_began": "a hook the organismes' membership services call in their transaction, "
    "after authorising their actor",
}


def _service_modules():
    for package_name in SERVICE_PACKAGES:
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name.rsplit(".", 1)[-1] in SERVICE_MODULE_NAMES:
                yield importlib.import_module(info.name)


def services_taking_an_actor() -> dict[str, str]:
    """Dotted name → app (the first package of the name) of every public service with `actor`."""
    found = {}
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            parameter = inspect.signature(function).parameters.get("actor")
            dotted = f"{module.__name__}.{name}"
            if dotted in EXEMPT:
                continue
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                found[dotted] = module.__name__.split(".", 1)[0]
    return found


def _cases_of(app: str) -> dict:
    try:
        module = importlib.import_module(f"tests.service_walk.{app}")
    except ModuleNotFoundError:
        return {}
    return module.CASES


def all_cases() -> dict:
    cases = {}
    for app in SERVICE_PACKAGES:
        cases.update(_cases_of(app))
    return cases


SERVICES = services_taking_an_actor()
CASES = all_cases()


@pytest.mark.parametrize("app", SERVICE_PACKAGES)
def test_every_service_taking_an_actor_has_a_refusal_case(app):
    services = sorted(name for name, owner in SERVICES.items() if owner == app)
    missing = [name for name in services if name not in CASES]
    assert not missing, f"add unauthorised-actor cases to tests/service_walk/{app}.py for: {missing}"


def test_no_case_names_a_service_that_is_gone():
    stale = sorted(name for name in CASES if name not in SERVICES)
    assert not stale, f"tests/service_walk lists services that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("service", sorted(CASES))
def test_an_unauthorised_actor_is_refused(service):
    events_before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        CASES[service]()
    assert AuditEvent.objects.count() == events_before, f"{service} wrote an audit event for a refused actor"
