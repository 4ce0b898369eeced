"""« Après l'octroi », the program dashboard's post-award page: committed vs paid vs remaining per
tier and the post-award queues against a hand-built data set (tests/grants/conftest.py), the
regional scope, the PDF, and a query count that does not grow with the grants."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.decisions import award_application, cancel_award
from applications.models import ApplicationStatus
from grants import services
from grants.admin_filters import REPORT_OVERDUE, TO_SIGN, UNSIGNED_TOO_LONG, queue_url
from grants.models import Amendment
from tests.applications.pages import page
from tests.factories import ApplicationFactory, StaffUserFactory, tier
from tests.grants.factories import signed_quietly
from tests.helpers import login_staff, pdf_text
from tests.staff.factories import ESTRIE, regional_staff, signed_in_team

pytestmark = pytest.mark.django_db
PAGE = reverse("admin:program_dashboard_page", args=["apres-octroi"])


def _ask_amendment(application):
    Amendment.objects.create(
        application=application, lines=[{"category": "equipment", "description": "Portables", "amount": "4000.00"}],
        timeline="D'ici juin", reason="Prix plus bas", requested_by=StaffUserFactory(),
    )


def _money(response) -> dict:
    return {
        row.tier.code: (row.awards, row.committed, row.paid, row.to_pay, row.envelope_left)
        for row, _balance in response.context["after_award"]["money_rows"]
    }


def _queues(response) -> dict:
    return {str(label): count for label, count, _url in response.context["after_award"]["queues"]}


def test_the_team_sees_committed_paid_remaining_and_the_queues(client, after_award):
    """Amorçage: old and recent (unsigned), paid (4 000 $ paid), overdue — 4 × 4 000 $. Accélération:
    to_pay, 10 000 $, nothing paid. Due: 80 % of 10 000 $ and 100 % of 4 000 $."""
    _ask_amendment(after_award["paid"])
    response = signed_in_team(client).get(PAGE)
    amorcage, acceleration = tier("amorcage").budget_envelope, tier("acceleration").budget_envelope
    assert _money(response) == {
        "amorcage": (4, Decimal(16000), Decimal(4000), Decimal(12000), amorcage - 16000),
        "acceleration": (1, Decimal(10000), Decimal(0), Decimal(10000), acceleration - 10000),
        "innovation": (0, Decimal(0), Decimal(0), Decimal(0), tier("innovation").budget_envelope),
    }
    assert _queues(response) == {
        "Conventions à signer": 2, "dont non signées depuis 30 jours": 1, "Versements à faire": 2,
        "Bilans dus dans les 30 prochains jours": 1, "Bilans en retard": 1, "Modifications à décider": 1,
    }
    assert response.context["after_award"]["amount_due"] == Decimal(12000)
    html = page(response).replace("\xa0", " ").replace("\u202f", " ")
    assert "Engagé, versé et restant par volet" in html and "12 000 $ à verser en tout" in html
    assert queue_url(UNSIGNED_TOO_LONG) in html


def test_an_award_and_its_cancellation_show_at_once_in_the_committed_amounts(
    client, after_award, django_capture_on_commit_callbacks
):
    """The committed amounts are the tiers' usage as the pages keep it (shown_tier_usage): an
    award or its cancellation shows on the next visit, not when the cache expires."""
    signed_in_team(client)
    assert _money(client.get(PAGE))["innovation"][:2] == (0, Decimal(0))
    assert _money(client.get(PAGE))["innovation"][:2] == (0, Decimal(0))  # now from the cache
    application = ApplicationFactory(tier=tier("innovation"), status=ApplicationStatus.IN_REVIEW, amount_requested="20000")
    staff = StaffUserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        award_application(actor=staff, application=application, amount=Decimal("20000"))
    assert _money(client.get(PAGE))["innovation"][:2] == (1, Decimal(20000))
    with django_capture_on_commit_callbacks(execute=True):
        cancel_award(actor=staff, application=application, reason="Projet abandonné.")
    assert _money(client.get(PAGE))["innovation"][:2] == (0, Decimal(0))


def test_each_queue_link_lists_the_files_it_counts(client, after_award):
    signed_in_team(client)
    listed = {
        queue: {agreement.application for agreement in client.get(queue_url(queue)).context["cl"].result_list}
        for queue in (TO_SIGN, UNSIGNED_TOO_LONG, REPORT_OVERDUE)
    }
    assert listed == {
        TO_SIGN: {after_award["old"], after_award["recent"]}, UNSIGNED_TOO_LONG: {after_award["old"]},
        REPORT_OVERDUE: {after_award["overdue"]},
    }


def test_regional_staff_see_their_regions_money_and_queues_but_the_envelope_left_of_the_program(client, after_award):
    """Estrie holds recent (unsigned) and paid (paid in full, report due soon); Montréal's amendment is not theirs."""
    _ask_amendment(after_award["paid"])
    _ask_amendment(after_award["overdue"])
    response = login_staff(client, regional_staff(ESTRIE)).get(PAGE)
    amorcage = tier("amorcage").budget_envelope
    money = _money(response)
    assert money["amorcage"] == (2, Decimal(8000), Decimal(4000), Decimal(4000), amorcage - 16000)
    assert money["acceleration"][:4] == (0, Decimal(0), Decimal(0), Decimal(0))
    assert _queues(response) == {
        "Conventions à signer": 1, "dont non signées depuis 30 jours": 0, "Versements à faire": 0,
        "Bilans dus dans les 30 prochains jours": 1, "Bilans en retard": 0, "Modifications à décider": 1,
    }
    assert "l'enveloppe et l'enveloppe restante portent sur l'ensemble du programme" in page(response)


def test_the_dashboard_pdf_holds_the_page(client, after_award):
    signed_in_team(client)
    text = pdf_text(client.get(reverse("admin:program_dashboard_pdf")).content).replace("\xa0", " ").replace("\u202f", " ")
    assert "Engagé, versé et restant par volet" in text and "Files d'attente après l'octroi" in text
    assert "16 000 $" in text and "12 000 $ à verser en tout" in text


def _grants(count):
    staff = StaffUserFactory()
    for _index in range(count):
        application = signed_quietly(amount=Decimal("1000"))
        services.record_payment(actor=staff, application=application, amount=Decimal("500"), paid_on=timezone.localdate(),
                                method="transfer")
        _ask_amendment(application)


@pytest.mark.parametrize("regional", [False, True])
def test_the_page_is_the_same_number_of_queries_for_10_and_100_grants(client, settings, regional):
    settings.DASHBOARD_CACHE_SECONDS = 0
    login_staff(client, regional_staff(ESTRIE) if regional else StaffUserFactory())
    client.get(PAGE)
    counts = []
    for total in (10, 100):
        _grants(total - (counts and 10 or 0))
        # Creating staff users forgot everyone's cached permissions (dataide.accounts.authz):
        # counted is the page as staff open it again, with the dashboard's figures computed anew.
        client.get(PAGE)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 15, counts
