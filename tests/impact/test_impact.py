"""Voluntary impact: shared by the organisme after an award, withdrawn at will, seen by staff only
in totals over at least five organismes, and never by committees or decisions."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.models import ApplicationStatus
from impact import services
from impact.models import ImpactShare, Indicator
from impact.selectors import MIN_ORGANISMES
from tests.committees.factories import CommitteeFactory, assign, declare
from tests.factories import ApplicationFactory, MembershipFactory, StaffUserFactory, tier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "Nous rejoignons maintenant 340 familles grâce au projet."


def _awarded(organisme=None, **kwargs):
    kwargs.setdefault("status", ApplicationStatus.AWARDED)
    kwargs.setdefault("amount_awarded", Decimal("4000"))
    return ApplicationFactory(**({"organisme": organisme} if organisme else {}), **kwargs)


def _share(application, value="10", answer=""):
    member = MembershipFactory(organisme=application.organisme).user
    return services.share_impact(
        actor=member, application=application, indicator=Indicator.objects.get(code="persons_reached"),
        value=Decimal(value), answer=answer,
    )


def test_the_organisme_shares_sees_downloads_and_deletes_what_it_shared(client):
    application = _awarded(number="AM-2026-0007")
    member = MembershipFactory(organisme=application.organisme).user
    client.force_login(member)
    indicator = Indicator.objects.get(code="services_online")
    response = client.post(reverse("impact:mine"), {
        "application": application.pk, "indicator": indicator.pk, "value": "3", "answer": SECRET_ANSWER,
    })
    assert response.status_code == 302
    share = ImpactShare.objects.get()
    assert (share.organisme_id, share.value) == (application.organisme_id, Decimal("3"))
    assert SECRET_ANSWER in client.get(reverse("impact:mine")).content.decode()
    assert client.get(reverse("impact:download")).json()["impact"][0]["answer"] == SECRET_ANSWER
    client.post(reverse("impact:delete", args=[share.pk]))
    assert not ImpactShare.objects.exists()


def test_nothing_is_required_and_nothing_before_an_award(client):
    draft = ApplicationFactory(status=ApplicationStatus.IN_REVIEW)
    member = MembershipFactory(organisme=draft.organisme).user
    client.force_login(member)
    page = client.get(reverse("impact:mine")).content.decode()
    assert "Après une bourse" in page
    with pytest.raises(ValidationError):
        services.share_impact(actor=member, application=draft, own_label="Familles", value=Decimal(1))


def test_an_empty_share_is_explained_and_the_text_kept(client):
    application = _awarded()
    client.force_login(MembershipFactory(organisme=application.organisme).user)
    response = client.post(reverse("impact:mine"), {"application": application.pk, "own_label": "Nos familles"})
    assert response.status_code == 200
    assert "Indiquez une valeur ou quelques mots." in response.content.decode()
    assert 'value="Nos familles"' in response.content.decode()


def test_another_organisme_cannot_share_for_it():
    application = _awarded()
    with pytest.raises(PermissionDenied):
        services.share_impact(actor=MembershipFactory().user, application=application, own_label="X", value=1)


def test_staff_see_only_totals_and_none_under_five_organismes(client):
    for _index in range(MIN_ORGANISMES - 1):
        _share(_awarded(), value="10")
    login_staff(client, StaffUserFactory())
    page = client.get(reverse("impact:aggregates"))
    row = next(row for row in page.context["rows"] if row.indicator.code == "persons_reached")
    assert (row.shown, row.total, row.organismes) == (False, None, 0)
    # Only the table: the page's random CSRF token may hold "40" anywhere else.
    table = page.content.decode().split("<table", 1)[1].split("</table>", 1)[0]
    assert "Moins de 5 organismes" in table
    assert "40" not in table

    _share(_awarded(), value="10")
    row = next(row for row in client.get(reverse("impact:aggregates")).context["rows"]
               if row.indicator.code == "persons_reached")
    assert (row.shown, row.total, row.organismes) == (True, Decimal("50"), MIN_ORGANISMES)


def test_one_organisme_sharing_many_times_counts_once():
    application = _awarded()
    for _index in range(MIN_ORGANISMES):
        _share(application)
    from impact.selectors import aggregates

    assert not next(row for row in aggregates() if row.indicator.code == "persons_reached").shown


def test_the_aggregates_are_staff_only(client):
    client.force_login(MembershipFactory().user)
    assert client.get(reverse("impact:aggregates")).status_code == 302


def test_a_committee_member_s_pages_hold_no_impact_data(client):
    committee = CommitteeFactory()
    assignment = assign(committee, status=ApplicationStatus.IN_REVIEW)
    # The same organisme was funded before and shared impact about it.
    _share(_awarded(assignment.application.organisme, tier=assignment.application.tier), answer=SECRET_ANSWER)
    member = committee.seats.first().user
    declare(assignment, member)
    login_staff(client, member)
    for url in (
        reverse("committees:dashboard"),
        reverse("committees:application", args=[assignment.application_id]),
        reverse("committees:results", args=[committee.pk]),
    ):
        response = client.get(url)
        assert SECRET_ANSWER not in response.content.decode(), url


def test_deciding_reads_no_impact_data():
    """The decision services never query the impact tables, even for an organisme that shared."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from applications.decisions import award_application, decline_application

    funded = _awarded(tier=tier("acceleration"))  # funded before, in another tier
    _share(funded, answer=SECRET_ANSWER)
    staff = StaffUserFactory()
    with CaptureQueriesContext(connection) as queries:
        award_application(
            actor=staff, application=ApplicationFactory(organisme=funded.organisme, status=ApplicationStatus.IN_REVIEW),
            amount=Decimal("1000"),
        )
        decline_application(
            actor=staff, application=ApplicationFactory(organisme=funded.organisme, status=ApplicationStatus.IN_REVIEW),
            reason="Projet hors du cadre du volet.",
        )
    assert queries.captured_queries
    assert not [query["sql"] for query in queries.captured_queries if "impact_" in query["sql"]]
