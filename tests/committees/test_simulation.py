"""The staff simulation: the top N of each region's committee ranking funded under the decision
rules (year share, whole quota, envelope), what would be left and the split across regions —
read-only, regional staff limited to their regions, a query count that does not grow."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus as S
from programs.models import YearShare
from programs.years import program_year_of
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import ApplicationFactory, StaffUserFactory, region, tier
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff

URL = reverse("committees:simulation")


def _scored(committee, score, amount="4000"):
    assignment = assign(committee, amount_requested=Decimal(amount))
    for member in members(committee)[:3]:
        scorecard(assignment, member, [score] * 4)
    return assignment.application


def _two_regions():
    """Montréal ranks A (5) before B (4) before C (2); Estrie ranks D (4) before E (3)."""
    montreal, estrie = CommitteeFactory(region=region(MONTREAL)), CommitteeFactory(region=region(ESTRIE))
    ranked = {"A": _scored(montreal, 5), "C": _scored(montreal, 2), "B": _scored(montreal, 4)}
    ranked |= {"E": _scored(estrie, 3, "3000"), "D": _scored(estrie, 4, "2000")}
    return ranked


def _year_share(places, envelope="1000000"):
    amorcage = tier()
    year = program_year_of(amorcage.program, timezone.localdate())
    return YearShare.objects.create(tier=amorcage, year=year, places=places, envelope=Decimal(envelope))


def _simulate(client, per_region=2, tier_code="amorcage"):
    return client.get(URL, {"tier": tier_code, "per_region": per_region})


@pytest.mark.django_db
def test_the_top_of_each_region_is_funded_in_turns_until_the_year_share_runs_out(client):
    ranked = _two_regions()
    ApplicationFactory(tier=tier(), status=S.AWARDED, amount_requested=Decimal(1000), amount_awarded=Decimal(1000),
                       decided_at=timezone.now())
    _year_share(places=4)  # one awarded already: three places left this year
    login_staff(client, StaffUserFactory())

    response = _simulate(client, per_region=2)
    simulation = response.context["simulation"]

    outcome = {award.application.pk: award for split in simulation.regions for award in split.awards}
    assert set(outcome) == {ranked[key].pk for key in "ABDE"}  # C is third in Montréal: not simulated
    # Turns, regions by code: Estrie 1 (D), Montréal 1 (A), Estrie 2 (E), Montréal 2 (B) — the share has three.
    assert [key for key in "DAEB" if outcome[ranked[key].pk].funded] == ["D", "A", "E"]
    assert "part de l'année" in outcome[ranked["B"].pk].refusal and "liste d'attente" in outcome[ranked["B"].pk].refusal
    assert [(str(split.region.code), split.funded, split.amount) for split in simulation.regions] == [
        (ESTRIE, 2, Decimal(5000)), (MONTREAL, 1, Decimal(4000)),
    ]
    assert simulation.year_after.places_left == 0 and simulation.year_before.places_left == 3
    assert simulation.after.places_left == simulation.before.places_left - 3
    assert simulation.after.budget_left == simulation.before.budget_left - Decimal(9000)
    page = response.content.decode()
    assert "Part de l'année" in page and "9\xa0000\xa0$" in page


@pytest.mark.django_db
def test_the_whole_quota_and_envelope_bound_the_simulation_too(client):
    ranked = _two_regions()
    amorcage = tier()
    amorcage.budget_envelope = Decimal(6000)  # no share this year: the envelope is the limit
    amorcage.save(update_fields=["budget_envelope"])
    login_staff(client, StaffUserFactory())

    simulation = _simulate(client, per_region=1).context["simulation"]

    funded = {award.application.pk: award for split in simulation.regions for award in split.awards}
    assert funded[ranked["A"].pk].funded and funded[ranked["D"].pk].funded
    assert simulation.after.budget_left == 0
    assert simulation.year_before is not None and simulation.year_before.share is None


def _row_counts():
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db
def test_the_simulation_records_nothing(client):
    _two_regions()
    _year_share(places=2)
    login_staff(client, StaffUserFactory())
    client.get(URL)  # the session and the sign-in's own rows are written before counting
    before = _row_counts()

    response = _simulate(client, per_region=3)

    assert response.status_code == 200 and response.context["simulation"].funded == 2
    assert _row_counts() == before  # audit events and outbox included


@pytest.mark.django_db
def test_regional_staff_simulate_their_regions_only_and_members_get_404(client):
    ranked = _two_regions()
    login_staff(client, regional_staff(ESTRIE))
    simulation = _simulate(client).context["simulation"]
    assert {award.application.pk for split in simulation.regions for award in split.awards} == {
        ranked["D"].pk, ranked["E"].pk,
    }

    committee = CommitteeFactory()
    login_staff(client, members(committee)[0])
    assert _simulate(client).status_code == 404


@pytest.mark.django_db
def test_bad_input_shows_a_french_message(client):
    login_staff(client, StaffUserFactory())
    response = _simulate(client, per_region="beaucoup", tier_code="nope")
    assert response.status_code == 200 and response.context["simulation"] is None
    assert "Saisissez un nombre entier." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 40])
def test_the_simulation_query_count_is_flat(client, django_assert_max_num_queries, count):
    for code in (MONTREAL, ESTRIE):
        committee = CommitteeFactory(region=region(code))
        for index in range(count):
            _scored(committee, 1 + index % 5)
    _year_share(places=count)
    login_staff(client, StaffUserFactory())
    client.get(URL)
    with django_assert_max_num_queries(14):
        response = _simulate(client, per_region=count)
    assert response.context["simulation"].funded == count
