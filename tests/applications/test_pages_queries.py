"""The dashboard and the application page cost the same number of queries for 1 or 50 applications."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from applications.models import ApplicationStatus, BudgetLine, StatusChange
from dataide.outbox.models import OutboxMessage
from tests.applications.factories import (
    AttachmentFactory,
    BudgetLineFactory,
    eligible_organisme,
)
from tests.applications.pages import page
from tests.factories import ApplicationFactory, tier
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

DASHBOARD_MAX_QUERIES = 11
# + the demandes de révision and the documents later apps add (the feedback letter).
APPLICATION_PAGE_MAX_QUERIES = 11


def _history(organisme, count, member=None):
    """`count` past applications across the tiers, with lines, timeline and messages (to `member`)."""
    applications = []
    for index in range(count):
        application = ApplicationFactory(
            organisme=organisme, tier=tier(("acceleration", "innovation")[index % 2]),
            status=ApplicationStatus.WITHDRAWN, number=f"HIS-{index:04d}",
        )
        BudgetLineFactory(application=application)
        StatusChange.objects.create(application=application, to_status=ApplicationStatus.WITHDRAWN)
        OutboxMessage.objects.create(
            template="application_withdrawn", recipient_email="a@exemple.org", recipient_user=member,
            subject=f"Message {index}",
            addressee_type=ContentType.objects.get_for_model(organisme), addressee_id=organisme.pk,
        )
        applications.append(application)
    return applications


@pytest.mark.parametrize("count", [1, 50])
def test_dashboard_queries_do_not_grow(client, django_assert_max_num_queries, count):
    organisme = eligible_organisme()
    member = member_of(organisme)
    client.force_login(member)
    _history(organisme, count, member)
    with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
        response = client.get(reverse("organismes:dashboard"))
    assert response.status_code == 200
    html = page(response)
    assert html.count("HIS-") == count
    assert html.count("Message ") == min(count, 5)  # the five latest messages


@pytest.mark.parametrize("count", [1, 50])
def test_application_page_queries_do_not_grow(client, django_assert_max_num_queries, count):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    _history(organisme, count)
    application = ApplicationFactory(organisme=organisme, amount_requested=Decimal(count * 10))
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, category="other", description=f"Ligne {i}", amount=Decimal(10)) for i in range(count)
    )
    for _ in range(min(count, 10)):
        AttachmentFactory(application=application)
    StatusChange.objects.bulk_create(
        StatusChange(application=application, to_status=ApplicationStatus.DRAFT) for _ in range(count)
    )
    with django_assert_max_num_queries(APPLICATION_PAGE_MAX_QUERIES):
        response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.status_code == 200
    assert page(response).count("Ligne ") == count


def test_decision_and_award_letter_shown_when_awarded(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    application = ApplicationFactory(
        organisme=organisme, status=ApplicationStatus.AWARDED, number="AMO-2026-0042",
        amount_awarded=Decimal("3500"), decision_reason="Projet clair et bien chiffré.",
    )
    html = page(client.get(reverse("applications:detail", args=[application.pk]))).replace("\u00a0", " ")
    assert "Acceptée" in html and "Bourse accordée : 3 500 $" in html and "Projet clair et bien chiffré." in html
    letter = client.get(reverse("applications:award_letter", args=[application.pk]))
    assert letter["Content-Disposition"] == 'attachment; filename="lettre-octroi-AMO-2026-0042.pdf"'
    assert letter.content.startswith(b"%PDF")


def test_no_award_letter_before_an_award(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    application = ApplicationFactory(organisme=organisme, status=ApplicationStatus.DECLINED, decision_reason="Hors cadre.")
    assert client.get(reverse("applications:award_letter", args=[application.pk])).status_code == 404
    assert "Refusée" in page(client.get(reverse("applications:detail", args=[application.pk])))


