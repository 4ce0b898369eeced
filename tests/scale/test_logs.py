"""One log line per request, JSON in production, with the request id, the user's id (never an
e-mail address) and the duration; tasks carry the id of the request that queued them; Sentry
gets no personal data."""

import json
import logging

import pytest
from django.urls import reverse

from dataide import logs
from tests.organismes.factories import OrganismeFactory, member_of

pytestmark = pytest.mark.django_db


def _json_lines(caplog, logger="dataide.request") -> list[dict]:
    formatter, context = logs.JsonFormatter(), logs.ContextFilter()
    lines = []
    for record in caplog.records:
        if record.name == logger:
            context.filter(record)
            lines.append(json.loads(formatter.format(record)))
    return lines


def test_a_signed_in_request_logs_its_id_user_id_status_and_duration(client, caplog):
    person = member_of(OrganismeFactory(), email="personne@exemple.org")
    client.force_login(person)
    with caplog.at_level(logging.INFO, logger="dataide.request"):
        response = client.get(reverse("organismes:dashboard"))
    (line,) = _json_lines(caplog)
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["user_id"] == person.pk
    assert (line["method"], line["path"], line["status"]) == ("GET", reverse("organismes:dashboard"), 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["level"] == "INFO" and line["logger"] == "dataide.request" and line["time"].endswith("Z")
    assert "@" not in json.dumps(line)


def test_an_anonymous_request_has_no_user_and_keeps_a_safe_proxy_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="dataide.request"):
        kept = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="proxy-1234abcd")
        replaced = client.get(reverse("account_login"), HTTP_X_REQUEST_ID="<script>")
    first, second = _json_lines(caplog)
    assert first["request_id"] == kept["X-Request-ID"] == "proxy-1234abcd" and first["user_id"] is None
    assert second["request_id"] == replaced["X-Request-ID"] != "<script>"


def test_log_lines_inside_a_request_carry_its_id():
    record = logging.LogRecord("x", logging.INFO, "", 0, "inside", (), None)
    token = logs._request_id.set("abc")
    logs.ContextFilter().filter(record)
    logs._request_id.reset(token)
    assert record.request_id == "abc"


def test_a_task_carries_the_id_of_the_request_that_queued_it():
    token = logs._request_id.set("req-0123456789")
    headers = {}
    logs.pass_request_id_to_task(headers=headers)
    logs._request_id.reset(token)
    assert headers == {"request_id": "req-0123456789"}

    class Task:
        class request:
            request_id = "req-0123456789"

    logs.adopt_task_request_id(task=Task)
    assert logs.current_request_id() == "req-0123456789"
    logs._request_id.set(None)


def test_messages_never_carry_an_e_mail_address():
    record = logging.LogRecord("x", logging.WARNING, "", 0, "refus pour %s", ("marie@exemple.org",), None)
    assert "marie@exemple.org" not in logs.JsonFormatter().format(record)


def test_text_format_in_development_and_json_in_production():
    assert logs.logging_settings("text", "INFO")["handlers"]["console"]["formatter"] == "text"
    assert logs.logging_settings("json", "INFO")["handlers"]["console"]["formatter"] == "json"


def test_sentry_gets_no_personal_data(monkeypatch):
    import sentry_sdk

    received = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **options: received.update(options))
    logs.init_sentry("https://key@sentry.example.org/1", environment="test")
    assert received["send_default_pii"] is False
    event = {"message": "échec pour luc@exemple.org", "exception": {"values": [{"value": "a@b.org refusé"}]},
             "extra": {"emails": ["c@d.ca"]}}
    assert "@" not in json.dumps(received["before_send"](event, {}))
