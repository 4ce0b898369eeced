"""Amounts are typed the Quebec way (« 4 200,50 », « 1 200 $ », no-break and narrow no-break
spaces) or the English way, and a step with one bad field gives back everything typed, the error
beside that one field."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from dataide.formatting import parse_money
from tests.applications.factories import complete_draft, eligible_organisme
from tests.applications.pages import page
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

TYPED = {
    "4 200,50": Decimal("4200.50"),
    "1 200": Decimal("1200"),
    "1 200 $": Decimal("1200"),
    "4\u00a0200,50": Decimal("4200.50"),
    "4\u202f200,50\u00a0$": Decimal("4200.50"),
    "$4,200.50": Decimal("4200.50"),
    "1,200": Decimal("1200"),
    "999,5": Decimal("999.50"),
}


@pytest.fixture
def draft(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    return complete_draft(organisme)


def _post_lines(client, application, lines, language="fr-ca", action="save"):
    data = {"lignes-TOTAL_FORMS": str(len(lines)), "lignes-INITIAL_FORMS": "0", "action": action}
    for index, (category, description, amount) in enumerate(lines):
        data |= {f"lignes-{index}-category": category, f"lignes-{index}-description": description, f"lignes-{index}-amount": amount}
    with translation.override(language):
        url = reverse("applications:step", args=[application.pk, "budget"])
    return client.post(url, data)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@pytest.mark.parametrize("typed", list(TYPED))
def test_budget_lines_accept_amounts_as_people_type_them(client, draft, typed, language):
    response = _post_lines(client, draft, [("equipment", "Portable", typed)], language)
    assert response.status_code == 302, page(response)
    draft.refresh_from_db()
    assert [line.amount for line in draft.budget_lines.all()] == [TYPED[typed]]
    assert draft.amount_requested == TYPED[typed]


@pytest.mark.parametrize("garbage", ["douze", "4 20", "1,2,3", "4200,505", "--3", "1e400", "NaN", "-5"])
def test_parse_money_refuses_what_is_not_an_amount(garbage):
    assert parse_money(garbage) is None


def test_one_bad_amount_gives_back_every_line_with_the_error_beside_it(client, draft):
    before = [(line.description, line.amount) for line in draft.budget_lines.all()]
    lines = [
        ("equipment", "Deux portables pour l'accueil", "3 000,00"),
        ("software", "Licences de bureautique", "quatre cents"),
        ("training", "Atelier sur la Loi 25", "1\u202f200 $"),
    ]
    response = _post_lines(client, draft, lines, action="next")
    html = page(response)
    assert response.status_code == 200
    for index, (category, description, amount) in enumerate(lines):
        assert f'value="{description}"' in html
        assert f'value="{amount}"' in html
        selected = re.search(rf'<select name="lignes-{index}-category"[^>]*>.*?</select>', html, re.S).group(0)
        assert f'<option value="{category}" selected>' in selected
    # One error, tied to the one bad field.
    assert html.count("Écrivez un montant en dollars, par exemple 4 200,50.") == 1
    assert 'id="id_lignes-1-amount_erreurs"' in html
    assert re.search(r'<input[^>]*name="lignes-1-amount"[^>]*aria-invalid="true"', html)
    assert not re.search(r'<input[^>]*name="lignes-0-amount"[^>]*aria-invalid', html)
    # The saved draft is untouched until the step is valid.
    assert [(line.description, line.amount) for line in draft.budget_lines.all()] == before


def test_one_bad_text_field_keeps_the_others_typed_and_saves_them(client, draft):
    response = client.post(reverse("applications:step", args=[draft.pk, "besoin"]), {
        "title": "x" * 201, "need": "Nos postes ont dix ans et ne démarrent plus.", "action": "next",
    })
    html = page(response)
    assert response.status_code == 200
    assert "x" * 201 in html and "Nos postes ont dix ans et ne démarrent plus." in html
    draft.refresh_from_db()
    assert draft.need == "Nos postes ont dix ans et ne démarrent plus."
