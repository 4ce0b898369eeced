"""The public register's pages: what is listed, filters, totals, grant pages, query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import Application, ApplicationStatus
from programs.models import TierCode

from .factories import award, award_time, bulk_awards

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def _listed_numbers(response) -> set[str]:
    return set(response.context["page_obj"].object_list)  # the page's awards, by number


def test_the_register_lists_exactly_the_published_awards(client):
    published = [award(status=status) for status in (S.AWARDED, S.AGREEMENT, S.PAID, S.REPORT_RECEIVED, S.CLOSED)]
    hidden = [award(status=status) for status in (S.DECLINED, S.IN_REVIEW, S.WAITLISTED, S.WITHDRAWN)]
    hidden.append(award(status=S.DRAFT, amount_awarded=None))

    response = client.get("/fr/octrois/")

    assert response.status_code == 200
    assert _listed_numbers(response) == {application.number for application in published}
    page = response.content.decode()
    for application in hidden:
        assert application.title not in page


def test_the_english_register_lives_at_grants():
    with translation.override("en"):
        assert reverse("register:grant_list") == "/en/grants/"
    with translation.override("fr-ca"):
        assert reverse("register:grant_list") == "/fr/octrois/"


def test_filters_and_totals_match_hand_computed_values(client):
    a = award(code=TierCode.AMORCAGE, amount="5000", region_code="06", title="Portables pour l'accueil")
    b = award(code=TierCode.AMORCAGE, amount="2500", region_code="03")
    c = award(code=TierCode.ACCELERATION, amount="20000", region_code="06", decided_at=award_time(2027, 6, 1))
    award(status=S.DECLINED, region_code="06")

    response = client.get("/fr/octrois/")
    totals = response.context["totals"]
    assert (totals.count, totals.amount) == (3, Decimal("27500"))
    assert {(row.count, row.amount) for row in totals.tiers} == {(2, Decimal("7500")), (1, Decimal("20000"))}
    assert {row.label: (row.count, row.amount) for row in totals.regions} == {
        "03 Capitale-Nationale": (1, Decimal("2500")), "06 Montréal": (2, Decimal("25000")),
    }
    assert [(row.label, row.count, row.amount) for row in totals.years] == [
        ("Année 1", 2, Decimal("7500")), ("Année 2", 1, Decimal("20000")),
    ]
    assert "27\u00a0500\u00a0$" in response.content.decode()

    assert _listed_numbers(client.get("/fr/octrois/?tier=amorcage")) == {a.number, b.number}
    assert _listed_numbers(client.get("/fr/octrois/?region=06")) == {a.number, c.number}
    assert _listed_numbers(client.get("/fr/octrois/?year=2")) == {c.number}
    assert _listed_numbers(client.get("/fr/octrois/?amount_min=2600&amount_max=6000")) == {a.number}
    assert _listed_numbers(client.get("/fr/octrois/?q=portables")) == {a.number}
    by_region = client.get("/fr/octrois/?region=06").context["totals"]
    assert (by_region.count, by_region.amount) == (2, Decimal("25000"))


def test_a_filter_that_does_not_parse_is_reported_and_the_others_still_apply(client):
    a = award(region_code="06")
    award(region_code="03")

    response = client.get("/fr/octrois/?region=06&amount_min=beaucoup")

    assert response.status_code == 200
    assert _listed_numbers(response) == {a.number}
    assert "ignorés" in response.content.decode()


def test_each_chart_is_followed_by_its_table(client):
    award(region_code="06")
    page = client.get("/fr/octrois/").content.decode()
    assert page.count("<svg") == 3
    assert page.count("données du graphique") == 3


def test_a_published_grant_has_its_page(client):
    application = award(code=TierCode.AMORCAGE, amount="4500", public_summary="Deux portables pour l'accueil.",
                        public_summary_en="Two laptops for the front desk.")

    page = client.get(f"/fr/octrois/{application.number}/").content.decode()

    assert application.organisme.legal_name in page
    assert application.organisme.neq in page
    assert "Montréal" in page
    assert "4\u00a0500\u00a0$" in page
    assert "Deux portables pour l&#x27;accueil." in page
    assert "Two laptops for the front desk." in client.get(f"/en/grants/{application.number}/").content.decode()


def test_an_unpublished_grant_page_answers_404(client):
    for status in (S.IN_REVIEW, S.DECLINED, S.WAITLISTED):
        application = award(status=status)
        assert client.get(f"/fr/octrois/{application.number}/").status_code == 404
    assert client.get("/fr/octrois/INCONNU-0001/").status_code == 404


def test_the_criteria_version_is_the_one_in_force_at_the_award(client):
    from tests.factories import publish_criteria_version, tier

    before = award(decided_at=timezone.now())
    version = tier(TierCode.AMORCAGE).current_criteria_set.version
    publish_criteria_version(tier(TierCode.AMORCAGE))
    after = award(decided_at=timezone.now())

    assert client.get(f"/fr/octrois/{before.number}/").context["award"].criteria_version == version
    assert client.get(f"/fr/octrois/{after.number}/").context["award"].criteria_version == version + 1


@pytest.mark.parametrize("count", [10, 1000])
def test_the_register_page_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    bulk_awards(count)
    with django_assert_max_num_queries(10):
        response = client.get("/fr/octrois/")
    assert response.context["totals"].count == count
    # The totals are then kept under the register's ETag: dating it replaces the three groupings.
    with django_assert_max_num_queries(7):
        assert client.get("/fr/octrois/").context["totals"].count == count


def test_the_register_totals_follow_a_new_award_at_once(client):
    award()
    assert client.get("/fr/octrois/").context["totals"].count == 1
    award()
    assert client.get("/fr/octrois/").context["totals"].count == 2


def test_seed_demo_publishes_a_few_awards_with_their_summaries(client):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    response = client.get("/fr/octrois/")
    # The two amorçage awards, and the accélération file closed after its final payment.
    published = {"AMO-2026-9001", "AMO-2026-9002", "ACC-2026-9003"}
    assert _listed_numbers(response) == published
    # Published through the rule, not around it: each demo agreement is signed.
    assert all(a.agreement.is_signed for a in Application.objects.filter(number__in=published))
    assert "bénévoles de l&#x27;accueil" in client.get("/fr/octrois/AMO-2026-9001/").content.decode()


def test_the_process_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    bulk_awards(10)
    client.get("/fr/octrois/comment-les-bourses-sont-attribuees/")
    bulk_awards(200)
    with django_assert_max_num_queries(15):
        assert client.get("/fr/octrois/comment-les-bourses-sont-attribuees/").status_code == 200


def test_an_award_without_its_date_waits_instead_of_breaking_the_feeds(client):
    complete, undated = award(), award()
    Application.objects.filter(pk=undated.pk).update(decided_at=None)

    assert _listed_numbers(client.get("/fr/octrois/")) == {complete.number}
    assert client.get("/fr/octrois/donnees.json").status_code == 200


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_home_page_the_navbar_and_the_footer_lead_to_the_register_and_the_process(client, language):
    with translation.override(language):
        register, process = reverse("register:grant_list"), reverse("register:process")
        home, other_page = reverse("home"), reverse("privacy:notice")
    home_page = client.get(home).content.decode()
    assert home_page.count(f'href="{register}"') == 3  # navbar, « En toute transparence », footer
    assert home_page.count(f'href="{process}"') == 2  # the section and the footer
    page = client.get(other_page).content.decode()
    assert f'href="{register}"' in page and f'href="{process}"' in page


def test_the_page_is_kept_under_the_etag_and_follows_a_new_award_at_once(client, django_assert_num_queries):
    """Rows, totals and charts are built once per register change, and the form's choices once per
    change of the reference data: the next view only reads the program and the ETag (one query);
    a new award is in the very next view."""
    award(title="Première bourse")
    assert "Première bourse" in client.get("/fr/octrois/").content.decode()
    with django_assert_num_queries(2):
        again = client.get("/fr/octrois/")
    assert "Première bourse" in again.content.decode()
    assert _listed_numbers(again) == {application.number for application in Application.objects.all()}

    award(title="Seconde bourse")
    page = client.get("/fr/octrois/").content.decode()
    assert "Seconde bourse" in page and "Première bourse" in page


def test_the_register_follows_an_organismes_move_to_another_region(client):
    """The register reads the application's copy of the region, which the profile change moves."""
    from organismes.services import update_profile
    from tests.factories import region
    from tests.organismes.factories import member_of

    moving = award(region_code="06", title="Projet qui déménage")
    assert _listed_numbers(client.get("/fr/octrois/?region=06")) == {moving.number}

    organisme = moving.organisme
    organisme.region = region("03")
    update_profile(actor=member_of(organisme), organisme=organisme, fields=["region"])

    assert _listed_numbers(client.get("/fr/octrois/?region=06")) == set()
    assert _listed_numbers(client.get("/fr/octrois/?region=03")) == {moving.number}
    totals = client.get("/fr/octrois/").context["totals"]
    assert [row.label for row in totals.regions] == ["03 Capitale-Nationale"]
    assert "Capitale-Nationale" in client.get(f"/fr/octrois/{moving.number}/").content.decode()


def test_the_search_forms_choices_follow_a_renamed_region_and_tier_at_once(client):
    """The choices and the unfiltered form are kept per process (register.reference): a
    region or a tier renamed through the admin (save) is in the very next view."""
    from programs.models import GrantTier, Region
    from programs.selectors import current_program

    page = client.get("/fr/octrois/").content.decode()
    region = Region.objects.order_by("code").first()
    assert f"{region.code} {region.name}</option>" in page
    region.name = "Région renommée"
    region.save()
    tier = GrantTier.objects.filter(program=current_program()).first()
    tier.name_fr = "Volet d'essai"
    tier.save()

    page = client.get("/fr/octrois/").content.decode()
    assert f"{region.code} Région renommée</option>" in page
    assert "Volet d&#x27;essai</option>" in page
    # A filtered form still shows the choice picked.
    filtered = client.get("/fr/octrois/", {"region": region.code}).content.decode()
    assert f'<option value="{region.code}" selected>' in filtered
