"""The organisme dashboard reads its rows through SQL compiled once per process (dataide.compiled:
the memberships, the first messages, the applications, the next webinars, the reports due, the
tiers, the gates' evidence): the page must be the one its querysets give through the ORM, in both
languages, for organismes in varied states, in a number of queries that does not grow with them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationStatus
from dataide.compiled import through_the_orm
from grants.models import Agreement
from organismes.models import MessageRead
from tests.applications.factories import eligible_organisme, open_gate
from tests.factories import ApplicationFactory, MembershipFactory, OrganismeFactory, tier
from tests.grants.factories import signed_quietly
from tests.helpers import without_csrf
from tests.organismes.factories import member_of, received_message
from trainings.models import WebinarRegistration

from ..trainings.factories import WebinarSessionFactory

pytestmark = pytest.mark.django_db


def _webinars(organisme):
    soon = timezone.now() + timedelta(days=3)
    registered = WebinarSessionFactory(starts_at=soon, title="Vos données <ouvertes>")
    WebinarRegistration.objects.create(webinar=registered, organisme=organisme)
    full = WebinarSessionFactory(starts_at=soon + timedelta(days=1), capacity=1, title="Complet d'avance")
    WebinarRegistration.objects.create(webinar=full, organisme=OrganismeFactory())
    WebinarSessionFactory(starts_at=soon + timedelta(days=2), language="en")
    WebinarSessionFactory(starts_at=soon + timedelta(days=9))
    WebinarSessionFactory(starts_at=timezone.now() - timedelta(days=1))  # past: not offered


def _people() -> list:
    """Members of organismes in varied states: new; eligible with a draft, a submission, messages
    read and not; awarded with a signed agreement whose report is due; people in two
    organismes, acting for the first they joined."""
    new = member_of(OrganismeFactory())
    busy_organisme = eligible_organisme()
    busy = member_of(busy_organisme)
    ApplicationFactory(organisme=busy_organisme, tier=tier("amorcage"), status=ApplicationStatus.SUBMITTED, title="« Données » & co")
    ApplicationFactory(organisme=busy_organisme, tier=tier("innovation"), status=ApplicationStatus.DRAFT, number="")
    _webinars(busy_organisme)
    for days, subject in enumerate(["Reçue <ok>", "Rappel", "Bienvenue", "Un", "Deux", "Trois"]):
        message = received_message(busy_organisme, busy, subject=subject)
        type(message).objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(days=days))
        if days % 2:
            MessageRead.objects.create(user=busy, message=message)
    awarded_organisme = eligible_organisme("acceleration")
    open_gate(awarded_organisme, "innovation")
    application = signed_quietly(awarded_organisme, code="acceleration", amount=Decimal("12500.50"))
    Agreement.objects.filter(application=application).update(signed_at=timezone.now() - timedelta(days=400))
    awarded = member_of(awarded_organisme)
    MembershipFactory(user=awarded, organisme=OrganismeFactory())
    MembershipFactory(user=busy, organisme=awarded_organisme)  # joined later: still acts for the first
    return [new, busy, awarded]


def _dashboard(client, person, language) -> str:
    client.force_login(person)
    with translation.override(language):
        response = client.get(reverse("organismes:dashboard"))
    assert response.status_code == 200
    return without_csrf(response.content.decode())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_dashboard_is_the_one_its_querysets_give_through_the_orm(client, language):
    pages = []
    for person in _people():
        compiled = _dashboard(client, person, language)
        with through_the_orm():
            assert _dashboard(client, person, language) == compiled
        pages.append(compiled)
    busy, awarded = pages[1], pages[2]
    # The data did reach the page's varied parts: five messages, three webinars, a report due.
    assert busy.count("list-group-item") >= 5 + 3 and "&lt;ok&gt;" in busy and "&lt;ouvertes&gt;" in busy
    assert 'data-testid="deadlines"' in awarded and "12" in awarded


def test_the_dashboard_queries_do_not_grow_with_the_data(client, django_assert_max_num_queries):
    person = _people()[1]
    client.force_login(person)
    client.get(reverse("organismes:dashboard"))
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("organismes:dashboard"))
    organisme = person.memberships.order_by("created_at").first().organisme
    for _ in range(3):
        signed_quietly(organisme, code="innovation") if not organisme.applications.filter(tier__code="innovation").exists() else None
        received_message(organisme, person)
    _webinars(organisme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("organismes:dashboard"))
