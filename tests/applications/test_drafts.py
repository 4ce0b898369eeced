"""Drafts are never lost: autosave, and a reminder for drafts left idle a week, sent once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from applications.tasks import remind_idle_drafts
from dataide.outbox.models import OutboxMessage
from organismes.models import MembershipRole
from tests.applications.factories import complete_draft, eligible_organisme
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def test_autosave_keeps_what_is_valid_and_says_what_is_not(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme, MembershipRole.COLLABORATOR))
    application = complete_draft(organisme)
    response = client.post(
        reverse("applications:autosave", args=[application.pk, "besoin"]), {"title": "Tapé sans cliquer", "need": "x" * 4000}
    )
    body = response.json()
    assert response.status_code == 200 and body["saved"] is True
    assert body["message"].startswith("Brouillon enregistré à")
    assert body["problems"]
    application.refresh_from_db()
    assert application.title == "Tapé sans cliquer" and application.need == "Nos ordinateurs ont dix ans."


def test_autosave_refused_once_submitted(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    application = complete_draft(organisme, status="submitted")
    response = client.post(reverse("applications:autosave", args=[application.pk, "besoin"]), {"title": "Trop tard"})
    assert response.status_code == 409
    assert "ne peut plus être modifiée" in response.json()["problems"][0]


def test_the_page_script_has_counters_and_autosave_hooks(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    html = client.get(reverse("applications:step", args=[complete_draft(organisme).pk, "besoin"])).content.decode()
    assert 'data-counter="true"' in html and 'maxlength="3000"' in html
    assert "data-autosave-url=" in html and "/static/js/application-form.js" in html
    assert "3000 caractères au plus." in html  # the limit in words, for people without JavaScript


def _age(application, days):
    Application.objects.filter(pk=application.pk).update(updated_at=timezone.now() - timedelta(days=days))


def test_idle_draft_reminder_goes_once_to_each_member():
    organisme = eligible_organisme()
    member_of(organisme)
    member_of(organisme, MembershipRole.COLLABORATOR)
    idle = complete_draft(organisme)
    fresh = complete_draft(eligible_organisme())
    member_of(fresh.organisme)
    _age(idle, 8)

    remind_idle_drafts.delay()
    remind_idle_drafts.delay()
    reminders = OutboxMessage.objects.filter(template="draft_idle")
    assert reminders.count() == 2
    assert set(reminders.values_list("about_id", flat=True)) == {idle.pk}
    assert f"/fr/demandes/{idle.pk}/" in reminders.first().body_html

    # Worked on again, then idle again: a new reminder for the new idle period.
    _age(idle, 20)
    remind_idle_drafts.delay()
    assert reminders.count() == 4
