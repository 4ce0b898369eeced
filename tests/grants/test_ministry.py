"""The report to the ministry: every figure checked against a data set built here and counted by
hand, for the whole program and per program year; the page, its PDF (read back) and its CSV; the
DATAide team only."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.reporting import current_program
from applications.statuses import ApplicationStatus as S
from grants import ministry, services
from grants.models import Agreement
from programs.years import program_years
from tests.factories import ApplicationFactory, OrganismeFactory, StaffUserFactory, region, tier
from tests.grants.factories import awarded
from tests.helpers import login_staff, pdf_text
from tests.organismes.factories import member_of
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    LabEnrolmentFactory,
    LeaderFactory,
    WebinarAttendanceFactory,
    WebinarRegistrationFactory,
    WebinarSessionFactory,
)

pytestmark = pytest.mark.django_db
SIGNATURE = {"full_name": "Julie Lavoie", "title": "Directrice", "authority_confirmed": True}
TODAY = timezone.localdate()


def _grant(code, amount, region_code, staff):
    organisme = OrganismeFactory(region=region(region_code))
    application = awarded(organisme, code=code, amount=amount, staff=staff)
    return application, member_of(organisme)


def _sign(application, responsible):
    services.sign_agreement(actor=responsible, agreement=Agreement.objects.get(application=application), **SIGNATURE)


def _pay(application, amount, staff):
    return services.record_payment(
        actor=staff, application=application, amount=amount, paid_on=TODAY, method="transfer", reference="VIR",
    )


def _submit_report(application, responsible):
    answers = {question.key: "Réponse." for question in services.report_questions(application.tier)}
    services.save_report(actor=responsible, application=application, answers=answers, submit=True)


@pytest.fixture
def ledger():
    """Seven organismes reached, two webinar presences (one organisme), one Nord Ouvert seat and
    one lab place, four submitted applications of which three awarded (one decided in year 2),
    two agreements signed, payments with a reversal, two reports received and one accepted."""
    staff = StaffUserFactory()
    year_1, year_2 = program_years(current_program())[:2]
    registered = OrganismeFactory(region=region(MONTREAL))
    WebinarRegistrationFactory(organisme=registered, webinar=WebinarSessionFactory(starts_at=year_1.start + datetime.timedelta(days=40)))
    present = OrganismeFactory(region=region(MONTREAL))
    for days in (10, 20):
        WebinarAttendanceFactory(organisme=present, webinar=WebinarSessionFactory(starts_at=year_1.start + datetime.timedelta(days=days)))
    drafting = OrganismeFactory(region=region(ESTRIE))
    ApplicationFactory(organisme=drafting, tier=tier("amorcage"), status=S.DRAFT)
    OrganismeFactory(region=region(ESTRIE))  # only an account: not reached
    CohortEnrolmentFactory(organisme=present)
    LabEnrolmentFactory(leader=LeaderFactory(organisme=registered))

    closed, closed_responsible = _grant("amorcage", Decimal("4000"), MONTREAL, staff)
    _sign(closed, closed_responsible)
    _pay(closed, Decimal("4000"), staff)
    _submit_report(closed, closed_responsible)
    services.accept_report(actor=staff, application=closed)

    accelerated, accelerated_responsible = _grant("acceleration", Decimal("10000"), ESTRIE, staff)
    _sign(accelerated, accelerated_responsible)
    _pay(accelerated, Decimal("8000"), staff)
    services.reverse_payment(actor=staff, payment=_pay(accelerated, Decimal("500"), staff), reason="Payé deux fois")
    _submit_report(accelerated, accelerated_responsible)

    later, _later_responsible = _grant("amorcage", Decimal("5000"), ESTRIE, staff)
    declined = ApplicationFactory(
        organisme=OrganismeFactory(region=region(MONTREAL)), tier=tier("amorcage"), status=S.DECLINED,
        submitted_at=year_1.start + datetime.timedelta(days=100),
    )
    in_year_1 = year_1.start + datetime.timedelta(days=60)
    for application in (closed, accelerated):
        type(application).objects.filter(pk=application.pk).update(submitted_at=in_year_1)
    # Decided in year 2 (the program's second year has its own award).
    type(later).objects.filter(pk=later.pk).update(
        submitted_at=year_2.start + datetime.timedelta(days=5), decided_at=year_2.start + datetime.timedelta(days=30)
    )
    return {"staff": staff, "closed": closed, "accelerated": accelerated, "later": later, "declined": declined,
            "year_1": year_1, "year_2": year_2}


def _figures(report):
    return {figure.key: (figure.value, figure.target) for figure in report.reach}


def _cells(report, region_code):
    row = next(row for row in report.regions if row.region.code == region_code)
    return {t.code: (cell.submitted, cell.awards) for t, cell in zip(report.tiers, row.tiers, strict=True)}


def _money(rows):
    return {row.tier.code: (row.awards, row.committed, row.paid) for row in rows}


def test_every_figure_of_the_whole_program_matches_the_hand_count(ledger):
    report = ministry.ministry_report(current_program())
    # registered + present + drafting + the four applicants' organismes; the bare account is not.
    assert _figures(report) == {
        "reached": (7, 3000), "attendances": (2, None), "attending_organismes": (1, None),
        "nord_ouvert": (1, 180), "lab": (1, 60),
    }
    assert _cells(report, MONTREAL) == {"amorcage": (2, 1), "acceleration": (0, 0), "innovation": (0, 0)}
    assert _cells(report, ESTRIE) == {"amorcage": (1, 1), "acceleration": (1, 1), "innovation": (0, 0)}
    assert (report.total.submitted, report.total.awards) == (4, 3)
    assert _money(report.money) == {
        "amorcage": (2, Decimal("9000"), Decimal("4000")),
        "acceleration": (1, Decimal("10000"), Decimal("8000")),  # 8 000 + 500 − 500 reversed
        "innovation": (0, Decimal("0"), Decimal("0")),
    }
    balances = {row.tier.code: (row.to_pay, row.envelope_left) for row in report.balances}
    assert balances["amorcage"] == (Decimal("5000"), tier("amorcage").budget_envelope - 9000)
    assert balances["acceleration"] == (Decimal("2000"), tier("acceleration").budget_envelope - 10000)
    follow_up = {row.tier.code: (row.signed, row.reports_received, row.reports_accepted) for row in report.follow_up}
    assert follow_up == {"amorcage": (1, 1, 1), "acceleration": (1, 1, 0), "innovation": (0, 0, 0)}


def test_a_program_year_counts_what_happened_in_it(ledger):
    program = current_program()
    first = ministry.ministry_report(program, ledger["year_1"])
    assert _cells(first, ESTRIE) == {"amorcage": (0, 0), "acceleration": (1, 1), "innovation": (0, 0)}
    assert (first.total.submitted, first.total.awards) == (3, 2)
    assert _money(first.money)["amorcage"] == (1, Decimal("4000"), Decimal("4000"))
    # The balances are the whole program's to date, whatever the year shown.
    assert {row.tier.code: row.to_pay for row in first.balances}["amorcage"] == Decimal("5000")

    second = ministry.ministry_report(program, ledger["year_2"])
    assert _cells(second, ESTRIE)["amorcage"] == (1, 1)
    assert (second.total.submitted, second.total.awards) == (1, 1)
    assert _money(second.money)["amorcage"] == (1, Decimal("5000"), Decimal("0"))
    assert _figures(second)["attendances"] == (0, None)
    assert {row.tier.code: row.signed for row in second.follow_up}["amorcage"] == 0


def test_the_page_shows_the_figures_and_how_each_is_defined(client, ledger):
    page = signed_in_team(client).get(reverse("admin:grants_ministry_report")).content.decode().replace("\xa0", " ").replace("\u202f", " ")
    assert "Rapport au ministère" in page and "Ensemble du programme" in page
    assert "9 000 $" in page and "10 000 $" in page and "5 000 $" in page
    assert "Comment chaque chiffre est calculé" in page
    assert "une annulation est une ligne négative" in page
    assert reverse("admin:grants_ministry_report_pdf") in page
    year_page = client.get(reverse("admin:grants_ministry_report") + "?annee=2").content.decode()
    assert "Année 2 (" in year_page


def test_a_wrong_year_says_so_and_shows_the_whole_program(client, ledger):
    response = signed_in_team(client).get(reverse("admin:grants_ministry_report") + "?annee=douze")
    assert response.status_code == 200
    assert "Cette année n'existe pas dans le programme" in html.unescape(response.content.decode())
    assert response.context["report"].year is None


def test_the_pdf_reads_back_with_its_figures(client, ledger):
    response = signed_in_team(client).get(reverse("admin:grants_ministry_report_pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for words in ("Rapport au ministère", "Organismes rejoints", "Places en formation Nord Ouvert utilisées",
                  "Montant engagé", "Reste à verser", "Conventions signées", "Bilans acceptés", "Ensemble du programme"):
        assert words in text
    assert "9 000 $" in text and "5 000 $" in text and "2 000 $" in text


def test_the_csv_has_its_columns_and_values_the_excel_fr_way(client, ledger):
    response = signed_in_team(client).get(reverse("admin:grants_ministry_report_csv") + "?annee=1")
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[0] == "Période;Section;Indicateur;Volet;Région;Valeur;Cible;Définition"
    rows = [line.split(";") for line in lines[1:]]
    assert all(row[0].startswith("Année 1 (") for row in rows)
    by_key = {(row[2], row[3], row[4]): row[5:7] for row in rows}
    assert by_key[("Organismes rejoints", "", "")] == ["7", "3000"]
    assert by_key[("Montant engagé", "Amorçage", "")] == ["4000,00", f"{tier('amorcage').budget_envelope:.2f}".replace(".", ",")]
    assert by_key[("Montant versé", "Accélération", "")] == ["8000,00", ""]
    assert by_key[("Reste à verser", "Amorçage", "")] == ["5000,00", ""]
    assert by_key[("Bourses accordées", "Accélération", "05 – Estrie")] == ["1", str(tier("acceleration").quota)]
    assert by_key[("Demandes soumises", "Amorçage", "Toutes les régions")] == ["2", ""]
    assert by_key[("Bilans acceptés", "Amorçage", "")] == ["1", ""]


def test_the_report_is_the_dataide_teams_only(client):
    login_staff(client, regional_staff(ESTRIE))
    for name in ("grants_ministry_report", "grants_ministry_report_pdf", "grants_ministry_report_csv", "grants_money"):
        assert client.get(reverse(f"admin:{name}")).status_code == 403


@pytest.mark.parametrize("extra", [0, 20])
def test_the_report_is_a_fixed_number_of_queries(django_assert_num_queries, ledger, extra):
    staff = ledger["staff"]
    for _index in range(extra):
        application, responsible = _grant("amorcage", Decimal("1000"), MONTREAL, staff)
        _sign(application, responsible)
        _pay(application, Decimal("1000"), staff)
    with django_assert_num_queries(15):
        ministry.ministry_report(current_program(), ledger["year_1"])
