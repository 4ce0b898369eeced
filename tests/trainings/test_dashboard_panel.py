from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MembershipFactory
from tests.trainings.factories import WebinarSessionFactory


@pytest.mark.django_db
def test_the_dashboard_offers_the_next_webinars_with_a_register_button(client):
    membership = MembershipFactory()
    soon = WebinarSessionFactory(title="Le numérique au service de la mission", starts_at=timezone.now() + timedelta(days=5))
    WebinarSessionFactory(title="Passé", starts_at=timezone.now() - timedelta(days=5))
    client.force_login(membership.user)

    html = client.get(reverse("organismes:dashboard")).content.decode()

    assert "Le numérique au service de la mission" in html and "Passé" not in html
    assert reverse("trainings:register", args=[soon.pk]) in html
    client.post(reverse("trainings:register", args=[soon.pk]))
    html = client.get(reverse("organismes:dashboard")).content.decode()
    assert reverse("trainings:register", args=[soon.pk]) not in html and "Inscrit" in html
