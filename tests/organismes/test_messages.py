"""The message centre: exactly the e-mails the person received for the organisme they act for,
newest first, openable (the sent HTML, cleaned), with unread marks per person."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dataide.outbox.models import OutboxMessage
from organismes.models import MembershipRole
from organismes.services import notify_members
from tests.applications.pages import page
from tests.factories import MembershipFactory, OrganismeFactory
from tests.organismes.factories import member_of, received_message

pytestmark = pytest.mark.django_db


def test_the_centre_shows_exactly_the_organismes_messages_newest_first(client):
    organisme, other = OrganismeFactory(), OrganismeFactory()
    person = member_of(organisme)
    MembershipFactory(user=person, organisme=other)
    colleague = member_of(organisme, MembershipRole.COLLABORATOR)
    old = received_message(organisme, person, subject="Ancien message")
    OutboxMessage.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    received_message(organisme, person, subject="Nouveau message")
    received_message(other, person, subject="Message de l'autre organisme")
    received_message(organisme, colleague, subject="Copie de la collègue")
    OutboxMessage.objects.create(template="account_password_reset", recipient_email=person.email,
                                 recipient_user=person, subject="Réinitialisation du mot de passe")

    client.force_login(person)
    client.post(reverse("organismes:act_for", args=[organisme.pk]))
    html = page(client.get(reverse("organismes:messages")))
    assert html.index("Nouveau message") < html.index("Ancien message")
    for absent in ["Message de l'autre organisme", "Copie de la collègue", "Réinitialisation du mot de passe"]:
        assert absent not in html, absent

    client.post(reverse("organismes:act_for", args=[other.pk]))
    html = page(client.get(reverse("organismes:messages")))
    assert "Message de l'autre organisme" in html and "Nouveau message" not in html


def test_a_message_opens_as_it_was_sent_cleaned_and_is_then_read(client):
    organisme = OrganismeFactory()
    person, colleague = member_of(organisme), member_of(organisme)
    with transaction.atomic():
        notify_members(organisme=organisme, template="join_request", about=organisme,
                       context={"person": "Julie Lavoie", "message": "Bonjour", "team_url": "https://x.org/equipe/"})
    mine = OutboxMessage.objects.get(recipient_user=person)
    client.force_login(person)
    assert "Non lu" in page(client.get(reverse("organismes:dashboard")))

    html = page(client.get(reverse("organismes:message", args=[mine.pk])))
    assert "Julie Lavoie" in html and "Bonjour" in html
    assert 'href="https://x.org/equipe/"' in html

    dashboard = page(client.get(reverse("organismes:dashboard")))
    assert mine.subject in dashboard and "Non lu" not in dashboard
    # Read marks are per person: the colleague's copy is still unread for her.
    client.force_login(colleague)
    assert "Non lu" in page(client.get(reverse("organismes:messages")))
    # …and the person's copy is not hers to open.
    assert client.get(reverse("organismes:message", args=[mine.pk])).status_code == 404


def test_scripts_styles_and_handlers_of_a_stored_body_are_not_rendered(client):
    organisme = OrganismeFactory()
    person = member_of(organisme)
    message = received_message(organisme, person, body_html=(
        '<html><head><style>body{display:none}</style></head><body><p style="color:red" onclick="steal()">'
        'Texte <a href="javascript:steal()">lien</a></p><script>steal()</script></body></html>'))
    client.force_login(person)
    html = client.get(reverse("organismes:message", args=[message.pk])).content.decode()
    assert "Texte" in html
    for forbidden in ["steal()", "display:none", 'style="color:red"', "onclick"]:
        assert forbidden not in html, forbidden


def test_a_message_without_html_shows_its_text(client):
    organisme = OrganismeFactory()
    person = member_of(organisme)
    message = received_message(organisme, person, body_html="", body_text="Seulement du texte <b>brut</b>")
    client.force_login(person)
    html = client.get(reverse("organismes:message", args=[message.pk])).content.decode()
    assert "Seulement du texte &lt;b&gt;brut&lt;/b&gt;" in html


@pytest.mark.parametrize("count", [1, 40])
def test_the_list_queries_do_not_grow(client, django_assert_max_num_queries, count):
    organisme = OrganismeFactory()
    person = member_of(organisme)
    for index in range(count):
        received_message(organisme, person, subject=f"Message {index}")
    client.force_login(person)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("organismes:messages")).status_code == 200
