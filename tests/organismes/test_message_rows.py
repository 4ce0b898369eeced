"""The message list (message centre and dashboard) is printed from Python
(organismes.message_rows): it must say what its former template (message_list_reference.html)
said, on both pages, in both languages, for read and unread messages with subjects to escape."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from dataide.outbox.models import OutboxMessage
from organismes.models import MessageRead
from organismes.selectors import messages_received
from tests.factories import OrganismeFactory
from tests.helpers import same_markup
from tests.organismes.factories import member_of, received_message

pytestmark = pytest.mark.django_db
REFERENCE = engines["django"].from_string((Path(__file__).parent / "message_list_reference.html").read_text())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@pytest.mark.parametrize("page", ["organismes:messages", "organismes:dashboard"])
def test_the_list_says_what_its_template_said(client, language, page):
    organisme = OrganismeFactory()
    person = member_of(organisme)
    for days, subject in enumerate(["Demande <reçue> & « suivie »", 'Rappel : "échéance" l\'an prochain', "Bienvenue"]):
        message = received_message(organisme, person, subject=subject)
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=40 * days))
    MessageRead.objects.create(user=person, message=OutboxMessage.objects.get(subject="Bienvenue"))
    client.force_login(person)
    with translation.override(language):
        response = client.get(reverse(page))
        reference = REFERENCE.render({"messages_shown": messages_received(organisme, person)})
    assert response.status_code == 200
    html = same_markup(response.content.decode())
    assert same_markup(reference) in html
    assert "Demande &lt;reçue&gt; &amp; « suivie »" in html and html.count('class="fw-bold"') == 2
