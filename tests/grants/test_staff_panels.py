"""The post-award panels of the staff home: agreements to sign (the 30-day ones flagged),
payments due from the schedule, final reports due soon or overdue; regional staff see their
regions; the admin lists of the grants are region-scoped and a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants import services
from grants.models import Agreement, FinalReport, Payment, PaymentBatch
from tests.factories import StaffUserFactory
from tests.grants.factories import signed_quietly
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff, signed_in_team

pytestmark = pytest.mark.django_db


def _panels(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {panel.key: panel for panel in response.context["work_panels"]}


def test_the_team_sees_what_to_sign_pay_and_follow(client, after_award):
    panels = _panels(signed_in_team(client))
    to_sign = panels["agreements_to_sign"]
    assert to_sign.count == 2
    assert [item.label.split(" · ")[0] for item in to_sign.items] == [after_award["old"].number, after_award["recent"].number]
    assert "non signée depuis 30 jours" in to_sign.items[0].detail and "non signée" not in to_sign.items[1].detail
    assert to_sign.items[0].url == reverse("admin:grants_agreement_change", args=[after_award["old"].agreement.pk])

    payments = panels["payments_due"]
    due = {item.label.split(" · ")[0]: item.detail.replace("\xa0", " ").replace("\u202f", " ") for item in payments.items}
    # The signature step of each signed agreement not paid yet (80 % of 10 000 $, 100 % of 4 000 $).
    assert due == {after_award["to_pay"].number: "8 000 $ · versement à la signature",
                   after_award["overdue"].number: "4 000 $ · versement à la signature"}
    assert client.get(payments.items[0].url).status_code == 200  # the payment form, the application chosen

    reports = panels["reports_due"]
    assert [item.label.split(" · ")[0] for item in reports.items] == [after_award["overdue"].number, after_award["paid"].number]
    assert "en retard de" in reports.items[0].detail and reports.items[1].detail.startswith("dû le")


def test_a_report_handed_in_leaves_the_queue(client, after_award):
    FinalReport.objects.create(application=after_award["overdue"], status="submitted", submitted_at=timezone.now())
    panels = _panels(signed_in_team(client))
    assert [item.label.split(" · ")[0] for item in panels["reports_due"].items] == [after_award["paid"].number]


def test_regional_staff_see_their_regions_and_no_payment_queue(client, after_award):
    panels = _panels(login_staff(client, regional_staff(ESTRIE)))
    assert "payments_due" not in panels  # paying is the DATAide team's
    assert [item.label.split(" · ")[0] for item in panels["agreements_to_sign"].items] == [after_award["recent"].number]
    assert [item.label.split(" · ")[0] for item in panels["reports_due"].items] == [after_award["paid"].number]


def test_regional_staff_reach_only_their_regions_grants_in_the_admin(client, after_award):
    montreal, estrie = after_award["to_pay"], after_award["paid"]
    batch = services.create_payment_batch(actor=StaffUserFactory(), applications=[montreal])
    login_staff(client, regional_staff(ESTRIE))
    lists = {
        "agreement": Agreement.objects.filter(application__in=[estrie, after_award["recent"]]),
        "payment": Payment.objects.filter(application=estrie),
        "finalreport": FinalReport.objects.none(),
        "paymentbatch": PaymentBatch.objects.none(),
    }
    for model, expected in lists.items():
        response = client.get(reverse(f"admin:grants_{model}_changelist"))
        assert response.status_code == 200
        assert set(response.context["cl"].result_list) == set(expected)
    assert client.get(reverse("admin:grants_agreement_change", args=[montreal.agreement.pk])).status_code == 404
    assert client.get(reverse("admin:grants_agreement_pdf", args=[montreal.agreement.pk])).status_code == 404
    assert client.get(reverse("admin:grants_paymentbatch_change", args=[batch.pk])).status_code == 404
    assert client.get(reverse("admin:grants_agreement_change", args=[estrie.agreement.pk])).status_code == 200


def _many(count):
    staff = StaffUserFactory()
    for _index in range(count):
        application = signed_quietly(amount=Decimal("1000"))
        services.record_payment(actor=staff, application=application, amount=Decimal("500"),
                                paid_on=timezone.localdate(), method="transfer")
        FinalReport.objects.create(application=application)
    services.create_payment_batch(actor=staff, applications=[Agreement.objects.first().application])


@pytest.mark.parametrize("model", ["agreement", "payment", "paymentbatch", "finalreport"])
def test_the_grants_admin_lists_are_a_fixed_number_of_queries(client, django_assert_max_num_queries, model):
    counts = []
    team = signed_in_team(client)
    url = reverse(f"admin:grants_{model}_changelist")
    for count in (10, 100):
        _many(count if not counts else count - 10)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert team.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_staff_home_stays_within_twenty_queries(client, django_assert_max_num_queries, after_award):
    _many(30)
    team = signed_in_team(client)
    # From their second page on, a person's roles and permissions come from the cache
    # (dataide.accounts.authz): the count that matters is the page staff open every morning.
    team.get(reverse("admin:index"))
    with django_assert_max_num_queries(20):
        _panels(team)


def test_report_decisions_are_offered_only_to_whom_the_service_allows(client, after_award):
    FinalReport.objects.create(application=after_award["paid"], status="submitted", submitted_at=timezone.now())
    url = reverse("admin:grants_finalreport_changelist")

    def actions(user):
        form = login_staff(client, user).get(url).context["action_form"]  # None: no action at all
        return set() if form is None else {name for name, _label in form.fields["action"].choices}

    assert {"accept", "close"} <= actions(StaffUserFactory())
    assert not {"accept", "close"} & actions(regional_staff(ESTRIE))
