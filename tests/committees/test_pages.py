"""Member pages and results page: access (404 for anything not theirs), blind scoring, the
scorecard form, decisions from the results page, and bounded query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import ApplicationStatus as S
from committees.models import ConflictDeclaration, Scorecard, ScorecardStatus
from committees.selectors import DASHBOARD_PER_PAGE, RESULTS_PER_PAGE
from dataide.accounts.roles import Role
from programs import services as programs_services
from programs.models import YearShare
from programs.years import program_year, program_year_of
from tests.applications.factories import PDF_BYTES, AttachmentFactory
from tests.committees.factories import (
    CommitteeFactory,
    assign,
    declare,
    members,
    scorecard,
)
from tests.factories import ApplicationFactory, StaffUserFactory, region, tier
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff


@pytest.fixture
def committee(db):
    return CommitteeFactory()


@pytest.fixture
def member(committee, client):
    user = members(committee)[0]
    login_staff(client, user)
    return user


def url(name, *args):
    return reverse(f"committees:{name}", args=args)


@pytest.mark.django_db
def test_pages_need_mfa(client, committee):
    client.force_login(members(committee)[0])
    assert client.get(url("dashboard")).url == reverse("mfa_activate_totp")


@pytest.mark.django_db
def test_dashboard_lists_only_own_assignments_without_conflicts(client, committee, member):
    mine, conflicted = assign(committee, title="Portables pour l'accueil"), assign(committee, title="Projet en conflit")
    elsewhere = assign(CommitteeFactory(), title="Projet d'un autre comité")
    declare(conflicted, member, has_conflict=True)
    scorecard(mine, member, [3, 3, 3, 3], submitted=False)

    page = client.get(url("dashboard")).content.decode()
    assert "Portables pour l&#x27;accueil" in page and "Brouillon" in page
    assert "Projet en conflit" not in page and elsewhere.application.title not in page
    assert "1 demande à évaluer" in page


@pytest.mark.django_db
def test_unassigned_and_conflicted_applications_are_404(client, committee, member):
    elsewhere = assign(CommitteeFactory())
    conflicted = assign(committee)
    declare(conflicted, member, has_conflict=True)
    for application in (elsewhere.application, conflicted.application):
        for name in ("conflict", "application", "peers"):
            assert client.get(url(name, application.pk)).status_code == 404
    assert client.get(url("application", 999999)).status_code == 404
    assert client.post(url("application", conflicted.application.pk), {"submit": "1"}).status_code == 404


@pytest.mark.django_db
def test_conflict_question_comes_before_the_application(client, committee, member):
    assignment = assign(committee)
    pk = assignment.application.pk
    assert client.get(url("application", pk)).url == url("conflict", pk)

    response = client.post(url("conflict", pk), {})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()

    response = client.post(url("conflict", pk), {"has_conflict": "no"})
    assert response.url == url("application", pk)
    page = client.get(url("application", pk)).content.decode()
    assert assignment.application.organisme.mission in page and "Sans objet" in page

    response = client.post(url("conflict", pk), {"has_conflict": "yes", "note": "Ma sœur y travaille."})
    assert response.status_code == 200 and "Choisissez la nature du conflit" in response.content.decode()
    response = client.post(url("conflict", pk), {"has_conflict": "yes", "reason": "family", "note": "Ma sœur y travaille."})
    assert response.url == url("dashboard")
    assert client.get(url("application", pk)).status_code == 404


def _form_data(assignment, values, **extra):
    criteria = assignment.application.tier.current_criteria_set.criteria.order_by("position")
    data = {f"score_{c.pk}": str(v) for c, v in zip(criteria, values, strict=False) if v is not None}
    return {**data, **extra}


@pytest.mark.django_db
def test_scorecard_draft_then_submit_then_locked(client, committee, member):
    assignment = assign(committee)
    declare(assignment, member)
    pk = assignment.application.pk

    client.post(url("application", pk), _form_data(assignment, [4, None, None, None], save="1"))
    card = Scorecard.objects.get(member=member)
    assert card.status == ScorecardStatus.DRAFT and card.scores.get(criterion__position=1).score == 4

    response = client.post(url("application", pk), _form_data(assignment, [4, 3, None, 2], submit="1", general_comment="Texte gardé"))
    page = response.content.decode()
    assert response.status_code == 200 and "Choisissez une recommandation." in page and "Texte gardé" in page

    client.post(url("application", pk), _form_data(assignment, [4, 3, "na", 2], submit="1", recommendation="fund"))
    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED
    assert "3,06 / 5" in client.get(url("application", pk)).content.decode()  # 245 / 80 = 3.0625

    response = client.post(url("application", pk), _form_data(assignment, [0, 0, 0, 0], submit="1", recommendation="do_not_fund"))
    assert "ne peut plus être modifiée" in response.content.decode()
    assert card.scores.get(criterion__position=1).score == 4


@pytest.mark.django_db
def test_blind_scoring_other_scorecards_are_404_until_own_is_submitted(client, committee, member):
    assignment = assign(committee)
    other, conflicted = members(committee)[1:3]
    scorecard(assignment, other, [5, 5, 5, 5], comment="Avis de l'autre membre")
    conflicted_card = scorecard(assignment, conflicted, [0, 0, 0, 0], comment="Avis en conflit")
    ConflictDeclaration.objects.filter(member=conflicted).update(has_conflict=True)
    own = scorecard(assignment, member, [3, 3, 3, 3], submitted=False)
    pk = assignment.application.pk

    assert "Avis de l" not in client.get(url("application", pk)).content.decode()
    assert client.get(url("peers", pk)).status_code == 404

    Scorecard.objects.filter(pk=own.pk).update(status=ScorecardStatus.SUBMITTED, submitted_at=timezone.now(), recommendation="fund")
    page = client.get(url("peers", pk)).content.decode()
    assert "Avis de l&#x27;autre membre" in page and "Avis en conflit" not in page
    assert conflicted_card.general_comment not in page


def _closed_committee_with_results():
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    a, b, c, d = members(committee)
    strong, weak = assign(committee, title="Projet fort"), assign(committee, title="Projet faible")
    for card_member in (a, b, c):
        scorecard(strong, card_member, [5, 4, 4, 5])  # 150+100+80+125 = 455 / 100 = 4.55
    scorecard(weak, a, [2, 2, 2, 2])
    scorecard(weak, b, [4, 4, 4, 4])
    scorecard(weak, d, [0, 0, 0, 0])  # then d declares a conflict: never counts
    ConflictDeclaration.objects.filter(assignment=weak, member=d).update(has_conflict=True)
    return committee, strong, weak


@pytest.mark.django_db
def test_results_rank_and_leave_conflicted_scores_out(client):
    committee, strong, weak = _closed_committee_with_results()
    login_staff(client, members(committee)[0])
    page = client.get(url("results", committee.pk)).content.decode()
    assert page.index("Projet fort") < page.index("Projet faible")
    assert "4,55" in page  # strong: 3 × 4.55
    assert "3,00" in page and "2,00" in page  # weak: mean of 2 and 4 (not 0), spread 2
    assert "quorum non atteint" in page  # weak has 2 counted scorecards of 3
    assert "Enregistrer la décision" not in page  # members do not decide


@pytest.mark.django_db
def test_results_wait_for_the_end_of_scoring(client, committee, member):
    assignment = assign(committee)
    scorecard(assignment, member, [5, 5, 5, 5])
    page = client.get(url("results", committee.pk)).content.decode()
    assert "seront affichés à la fin" in page and "5,00" not in page
    for other in members(committee)[1:]:
        scorecard(assignment, other, [4, 4, 4, 4])
    assert "4,25" in client.get(url("results", committee.pk)).content.decode()  # all in: (5+4+4+4)/4


@pytest.mark.django_db
def test_results_of_another_committee_are_404(client, committee, member):
    other = CommitteeFactory()
    assert client.get(url("results", other.pk)).status_code == 404


@pytest.mark.django_db
def test_staff_decide_from_the_results_page(client):
    committee, strong, weak = _closed_committee_with_results()
    login_staff(client, StaffUserFactory())
    decide = url("decide", committee.pk, strong.application.pk)

    response = client.post(decide, {"decision": "award", "amount": "9000", "reason": "<b>Bravo</b>"})
    assert response.status_code == 400 and "dépasse le montant demandé" in response.content.decode()
    assert 'value="9000"' in response.content.decode()
    # The refused form is open on its own row, its error tied to the amount, what was typed kept (escaped).
    pk = strong.application.pk
    page = response.content.decode()
    row = page[page.index(f'action="{decide}"') :]
    row = row[: row.index("</form>")]
    assert f'id="amount-{pk}" value="9000" aria-describedby="amount-{pk}-erreur"' in row
    assert f'<div class="invalid-feedback" id="amount-{pk}-erreur">' in row
    assert '<option value="award" selected>' in row and "&lt;b&gt;Bravo&lt;/b&gt;</textarea>" in row
    assert page.count("<details open>") == 1 and 'name="csrfmiddlewaretoken"' in row

    response = client.post(decide, {"decision": "award", "amount": "3500"})
    assert response.status_code == 302
    strong.application.refresh_from_db()
    assert (strong.application.status, strong.application.amount_awarded) == (S.AWARDED, Decimal("3500"))

    response = client.post(url("decide", committee.pk, weak.application.pk), {"decision": "decline", "reason": ""})
    assert "motif du refus" in response.content.decode()


@pytest.mark.django_db
def test_members_cannot_decide(client):
    committee, strong, _weak = _closed_committee_with_results()
    login_staff(client, members(committee)[0])
    response = client.post(url("decide", committee.pk, strong.application.pk), {"decision": "award", "amount": "1"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_rows_written_in_python_escape_what_organismes_typed(client):
    """The dashboard's and the results' rows are written without the template's autoescaping."""
    committee, strong, _weak = _closed_committee_with_results()
    strong.application.title = '<script>alert("x")</script>'
    strong.application.save(update_fields=["title"])
    strong.application.organisme.legal_name = "Café & <Cie>"
    strong.application.organisme.save(update_fields=["legal_name"])
    login_staff(client, members(committee)[0])
    for page in (client.get(url("dashboard")).content.decode(), client.get(url("results", committee.pk)).content.decode()):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page and "Café &amp; &lt;Cie&gt;" in page


# --- Query counts: the same bound for 5 and 200 applications -------------------------------


def _committee_with(count):
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    seated = members(committee)
    for index in range(count):
        assignment = assign(committee)
        for card_member in seated[:3]:
            scorecard(assignment, card_member, [index % 6, 3, "na", 4])
    return committee, seated


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_dashboard_query_count_is_bounded(client, django_assert_max_num_queries, count):
    committee, seated = _committee_with(count)
    login_staff(client, seated[0])
    with django_assert_max_num_queries(9):
        response = client.get(url("dashboard"))
    page = response.content.decode()
    assert page.count("Consulter") == min(count, DASHBOARD_PER_PAGE)
    assert f"{count} demandes à évaluer" in page and f"soumises : {count}" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_results_query_count_is_bounded(client, django_assert_max_num_queries, count):
    committee, seated = _committee_with(count)
    login_staff(client, StaffUserFactory())
    with django_assert_max_num_queries(15):
        response = client.get(url("results", committee.pk))
    page = response.content.decode()
    assert page.count("Enregistrer la décision") == min(count, RESULTS_PER_PAGE)
    assert f"grilles soumises : {3 * count} sur {4 * count}" in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 200])
def test_scorecard_query_count_is_bounded(client, django_assert_max_num_queries, count):
    committee, seated = _committee_with(count)
    login_staff(client, seated[0])
    assignment = committee.assignments.first()
    with django_assert_max_num_queries(14):
        response = client.get(url("application", assignment.application.pk))
    assert response.status_code == 200


# --- Documents, regions, conflicts on every page ----------------------------------------------


@pytest.mark.django_db
def test_members_read_and_download_the_documents_of_the_application(client, committee, member):
    assignment = assign(committee)
    document = AttachmentFactory(application=assignment.application, original_name="devis-portables.pdf")
    pk = assignment.application.pk
    download = url("attachment", pk, document.pk)

    assert client.get(download).status_code == 404  # conflict question not answered yet
    declare(assignment, member)
    page = client.get(url("application", pk)).content.decode()
    assert "Documents joints" in page and "devis-portables.pdf" in page and download in page

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="devis-portables.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES

    # Another application's document, through this application's URL: it does not exist here.
    elsewhere = AttachmentFactory(application=assign(CommitteeFactory()).application)
    assert client.get(url("attachment", pk, elsewhere.pk)).status_code == 404
    assert client.get(url("attachment", elsewhere.application_id, elsewhere.pk)).status_code == 404


@pytest.mark.django_db
def test_unassigned_and_conflicted_members_get_404_for_documents(client, committee):
    assignment = assign(committee)
    document = AttachmentFactory(application=assignment.application)
    download = url("attachment", assignment.application.pk, document.pk)
    outsider, conflicted = members(CommitteeFactory())[0], members(committee)[1]
    declare(assignment, conflicted, has_conflict=True)
    for person in (outsider, conflicted):
        login_staff(client, person)
        assert client.get(download).status_code == 404


@pytest.mark.django_db
def test_regional_staff_read_the_results_of_their_regions_committees_only(client):
    montreal, estrie = CommitteeFactory(), CommitteeFactory(region=region(ESTRIE))
    login_staff(client, regional_staff(ESTRIE))
    assert client.get(url("results", estrie.pk)).status_code == 200
    assert client.get(url("results", montreal.pk)).status_code == 404

    login_staff(client, StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]))  # no office: no region
    assert client.get(url("results", estrie.pk)).status_code == 404

    login_staff(client, StaffUserFactory())  # the DATAide team follows every region
    assert client.get(url("results", montreal.pk)).status_code == 200


@pytest.mark.django_db
def test_a_conflicted_member_finds_the_application_on_no_page(client):
    committee, strong, weak = _closed_committee_with_results()
    conflicted = members(committee)[3]  # declared a conflict on « Projet faible »
    document = AttachmentFactory(application=weak.application)
    login_staff(client, conflicted)

    results = client.get(url("results", committee.pk)).content.decode()
    assert "Projet fort" in results and "Projet faible" not in results
    assert "grilles soumises : 3 sur 4" in results  # only « Projet fort » counts, for them
    assert "Projet faible" not in client.get(url("dashboard")).content.decode()
    for page in (
        url("conflict", weak.application.pk),
        url("application", weak.application.pk),
        url("peers", weak.application.pk),
        url("attachment", weak.application.pk, document.pk),
    ):
        assert client.get(page).status_code == 404, page

    # Even for staff who decide: a seated DATAide team member with a conflict cannot reach the row.
    decider = members(committee)[0]
    decider.groups.add(Group.objects.get(name=Role.DATAIDE_TEAM.value))
    ConflictDeclaration.objects.filter(assignment=weak, member=decider).update(has_conflict=True)
    login_staff(client, decider)
    assert "Projet faible" not in client.get(url("results", committee.pk)).content.decode()
    response = client.post(url("decide", committee.pk, weak.application.pk), {"decision": "decline", "reason": "Non."})
    assert response.status_code == 404
    weak.application.refresh_from_db()
    assert weak.application.status == S.IN_REVIEW


def _awarded(count, decided_at, amount="4000"):
    for _ in range(count):
        ApplicationFactory(status=S.AWARDED, amount_awarded=Decimal(amount), decided_at=decided_at)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "column", "left"),
    [("fr-ca", "Bourses disponibles, part de l'année", "12\u00a0000\u00a0$"), ("en", "Grants available, year", "$12,000")],
)
def test_results_show_what_is_left_of_the_current_years_share_beside_the_whole_quota(client, language, column, left):
    """Staff decide by rank against two limits: the tier's whole quota and this program year's
    share (an award counts in the year it is decided). Both are shown; a tier without a share
    this year says so."""
    committee, _strong, _weak = _closed_committee_with_results()
    amorcage = tier()
    number = program_year_of(amorcage.program, timezone.localdate())
    this_year = program_year(amorcage.program, number)
    YearShare.objects.create(tier=amorcage, year=number, places=3, envelope=Decimal("20000"))
    _awarded(2, this_year.start + timedelta(hours=12))
    _awarded(1, this_year.start - timedelta(days=2))  # the year before: the whole quota only
    committee.tiers.add(tier("acceleration"))
    login_staff(client, StaffUserFactory())

    with translation.override(language):
        page = client.get(url("results", committee.pk)).content.decode()
    table = page[page.index('id="titre-volets"') : page.index('id="titre-classement"')]
    assert f"{column} {number}" in table.replace("&#x27;", "'")
    amorcage_row = table[table.index(amorcage.name_fr if language == "fr-ca" else amorcage.name_en) :]
    amorcage_row = amorcage_row[: amorcage_row.index("</tr>")]
    assert f"{amorcage.quota - 3} / {amorcage.quota}" in amorcage_row
    assert ">1 / 3<" in amorcage_row
    assert f">{left}<" in amorcage_row  # a 20 000 $ share less the year's two awards of 4 000 $
    acceleration = tier("acceleration")
    acceleration_row = table[table.index(acceleration.name_fr if language == "fr-ca" else acceleration.name_en) :]
    assert ("sans part annuelle" if language == "fr-ca" else "no yearly share") in acceleration_row[: acceleration_row.index("</tr>")]


@pytest.mark.django_db
def test_results_without_any_share_this_year_show_the_whole_quota_only(client):
    committee, _strong, _weak = _closed_committee_with_results()
    login_staff(client, StaffUserFactory())
    page = client.get(url("results", committee.pk)).content.decode()
    assert "Bourses disponibles" in page and "part de l'année" not in page


@pytest.mark.django_db
def test_a_changed_share_shows_at_once_on_the_results_page(client):
    """The shares are kept in the cache beside the counts: changing or removing one forgets them."""
    committee, _strong, _weak = _closed_committee_with_results()
    amorcage = tier()
    number = program_year_of(amorcage.program, timezone.localdate())
    staff = StaffUserFactory()
    share = programs_services.save_year_share(
        actor=staff, share=YearShare(tier=amorcage, year=number, places=3, envelope=Decimal("20000"))
    )
    login_staff(client, staff)
    assert ">3 / 3<" in client.get(url("results", committee.pk)).content.decode()

    share.places = 5
    programs_services.save_year_share(actor=staff, share=share, fields=["places"])
    assert ">5 / 5<" in client.get(url("results", committee.pk)).content.decode()
    programs_services.delete_year_share(actor=staff, share=share)
    assert "part de l'année" not in client.get(url("results", committee.pk)).content.decode()
