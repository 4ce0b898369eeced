from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from dataide.compiled import readable_sql
from programs.models import Gate
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


@pytest.mark.django_db
def test_the_webinar_gate_on_the_dashboard_reuses_the_panels_webinars(client):
    """An organisme that attended no webinar is told the next dates: they are the panel's own
    webinars, read once for the page (one query on the webinars, not one per reader)."""
    membership = MembershipFactory()
    soon = WebinarSessionFactory(starts_at=timezone.now() + timedelta(days=5))
    client.force_login(membership.user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("organismes:dashboard"))

    webinar_reads = [q for q in queries.captured_queries if readable_sql(q["sql"]).startswith('SELECT "trainings_webinarsession"')]
    assert len(webinar_reads) == 1
    panels = dict(response.context["panels"])
    amorcage = next(answer for answer in panels["applications"]["eligibilities"]
                    if answer.tier.gate == Gate.WEBINAR)
    assert amorcage.next_webinars == (soon,)
    assert date_format(timezone.localdate(soon.starts_at), "DATE_FORMAT") in amorcage.summary
