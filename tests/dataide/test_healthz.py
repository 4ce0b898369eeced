import pytest
from django.urls import reverse

STOPPED_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["broker"].startswith("ok")


@pytest.mark.django_db
def test_healthz_reports_a_stopped_broker_as_503(client, settings):
    settings.REDIS_URL = STOPPED_BROKER
    settings.CELERY_BROKER_URL = STOPPED_BROKER
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_pings_the_real_broker(client, settings):
    settings.CELERY_BROKER_URL = settings.REDIS_URL
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json()["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_broken_database_as_503(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.OperationalError("database is down")

    # The database is outside our code; its driver's failure is what we simulate.
    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"].startswith("error")
