import pytest
from django.db import transaction

from dataide.audit.events import STATUS_EVENTS, AuditEventType, UnknownAuditEvent
from dataide.audit.models import AuditEvent
from dataide.audit.services import record_event
from tests.factories import OrganismeFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_audit_events_must_share_the_transaction_of_the_change():
    with pytest.raises(RuntimeError):
        record_event(actor=None, action=AuditEventType.ORGANISME_CREATE, neq="1100000001")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_audit_event_rolls_back_with_its_change():
    organisme = OrganismeFactory()
    with pytest.raises(ValueError, match="the change failed"), transaction.atomic():
        record_event(actor=None, action=AuditEventType.ORGANISME_CREATE, target=organisme, neq=organisme.neq)
        raise ValueError("the change failed")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_audit_event_records_actor_target_and_data():
    actor, organisme = UserFactory(), OrganismeFactory()
    with transaction.atomic():
        record_event(actor=actor, action=AuditEventType.ORGANISME_INVITE, target=organisme, email="a@b.org", role="x")
    event = AuditEvent.objects.for_object(organisme).get()
    assert (event.actor, event.action, event.target, event.data) == (
        actor, "organisme.invite", organisme, {"email": "a@b.org", "role": "x"}
    )


@pytest.mark.django_db
def test_an_action_not_in_the_vocabulary_is_refused():
    with pytest.raises(UnknownAuditEvent, match="dataide/audit/events.py"), transaction.atomic():
        record_event(actor=None, action="organisme.renamed", old="A", new="B")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [{"neq": "1100000001", "name": "extra"}, {}], ids=["undeclared key", "missing key"]
)
def test_data_keys_must_match_the_declaration(data):
    with pytest.raises(UnknownAuditEvent), transaction.atomic():
        record_event(actor=None, action=AuditEventType.ORGANISME_CREATE, **data)
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_optional_keys_may_be_left_out_and_string_actions_still_match():
    organisme = OrganismeFactory()
    with transaction.atomic():
        record_event(actor=None, action="application.in_review", target=organisme, from_status="eligible")
    assert AuditEvent.objects.get().action == AuditEventType.APPLICATION_IN_REVIEW


def test_every_value_is_an_app_verb_string_and_every_status_has_its_event():
    for member in AuditEventType:
        app, _dot, verb = member.value.partition(".")
        assert app and verb and member.value == member.value.lower(), member
    assert {member.value for member in STATUS_EVENTS.values()} <= {m.value for m in AuditEventType}
    from applications.models import ApplicationStatus  # the test may read the domain; the core may not

    assert set(STATUS_EVENTS) == set(ApplicationStatus.values)


def test_every_recorded_action_names_a_member_of_the_vocabulary_not_a_string():
    """`record_event(action="…")` with a literal (or an f-string) would bypass the one list: every
    call names an AuditEventType member (or a table of them, like STATUS_EVENTS)."""
    import ast
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for app in ["dataide", "programs", "organismes", "trainings", "applications", "committees", "portal"]:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record_event"):
                    continue
                for keyword in node.keywords:
                    literals = [n for n in ast.walk(keyword.value) if isinstance(n, (ast.Constant, ast.JoinedStr))]
                    if keyword.arg == "action" and any(isinstance(n, ast.JoinedStr) or isinstance(n.value, str) for n in literals):
                        offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert not offenders, f"name an AuditEventType member: {offenders}"
