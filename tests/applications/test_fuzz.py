"""Whatever people (or robots) type into the form, they get a page back, never a 500; and what
they typed is either saved (valid) or given back in the re-displayed form (invalid), never lost.

The oracle is written here from the rules people read (the model's limits, no NUL character,
amounts as `parse_money` reads them), not from the forms under test."""

import html as html_module
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import LONG_TEXT_MAX, SHORT_TEXT_MAX, Application, BudgetCategory
from dataide.formatting import parse_money
from tests.applications.factories import complete_draft, eligible_organisme
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

ANSWERED = (200, 302, 400)
TITLE_MAX = Application._meta.get_field("title").max_length

texts = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.sampled_from(["\x00", "a\x00b", "مرحبا بالعالم", "שלום \u202e עולם", "👩🏽‍💻🚀" * 40, "é" * 3001, "x" * 20000, " ", ""]),
)
amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from([
        "-1", "0", "0,001", "4999.999999999", "1e400", "NaN", "5 000,00", "١٢٣", "1\x00", "+-3",
        "4 200,50", "1 200 $", "4\u202f200,50", "$4,200.50", "12345678901,00",
    ]),
    texts,
)


def _text_ok(value: str, limit: int, required: bool = False) -> bool:
    stripped = value.strip()
    return "\x00" not in value and len(stripped) <= limit and (bool(stripped) or not required)


def _amount_ok(value: str) -> bool:
    amount = parse_money(value)
    return amount is not None and amount >= 0.01 and amount < 10**10  # 12 digits, 2 of them cents


def _input_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return html_module.unescape(value.group(1)) if value else ""


def _textarea_value(page: str, name: str) -> str:
    content = re.search(rf'<textarea[^>]*name="{re.escape(name)}"[^>]*>\n?(.*?)</textarea>', page, re.S).group(1)
    return html_module.unescape(content)


def _given_back(response, name: str, typed: str, textarea: bool = False) -> bool:
    page = response.content.decode()
    shown = _textarea_value(page, name) if textarea else _input_value(page, name)
    return shown == typed


@pytest.fixture
def signed_in_draft(client):
    organisme = eligible_organisme("innovation")
    client.force_login(member_of(organisme))
    return complete_draft(organisme, "innovation")


HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HYPOTHESIS
@given(title=texts, need=texts, action=st.sampled_from(["save", "next", "previous", "bogus", ""]))
def test_need_step(client, signed_in_draft, title, need, action):
    before = Application.objects.get(pk=signed_in_draft.pk)
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "besoin"]), {"title": title, "need": need, "action": action})
    assert response.status_code in ANSWERED
    after = Application.objects.get(pk=signed_in_draft.pk)
    valid = {"title": _text_ok(title, TITLE_MAX), "need": _text_ok(need, LONG_TEXT_MAX)}
    for name, typed in (("title", title), ("need", need)):
        if valid[name]:
            assert getattr(after, name) == typed.strip()  # saved, even beside an invalid field
        else:
            assert getattr(after, name) == getattr(before, name)
    if all(valid.values()):
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert _given_back(response, "title", title) and _given_back(response, "need", need, textarea=True)


@HYPOTHESIS
@given(
    category=st.one_of(st.sampled_from(["equipment", "software", "other", ""]), texts),
    description=texts, amount=amounts, action=st.sampled_from(["save", "next", "add_line"]),
)
def test_budget_step(client, signed_in_draft, category, description, amount, action):
    before = list(signed_in_draft.budget_lines.values_list("category", "description", "amount"))
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "budget"]), {
        "lignes-TOTAL_FORMS": "1", "lignes-INITIAL_FORMS": "0",
        "lignes-0-category": category, "lignes-0-description": description, "lignes-0-amount": amount,
        "action": action,
    })
    assert response.status_code in ANSWERED
    application = Application.objects.get(pk=signed_in_draft.pk)
    lines = list(application.budget_lines.values_list("category", "description", "amount"))
    blank = category == "" and not description.strip() and not amount.strip()
    valid = blank or (
        category in BudgetCategory.values and _text_ok(description, 200, required=True) and _amount_ok(amount)
    )
    if valid:
        expected = [] if blank else [(category, description.strip(), parse_money(amount))]
        assert lines == expected
        assert application.amount_requested == sum((line[2] for line in lines), 0)  # computed, never typed
    else:
        assert lines == before  # the saved budget is untouched…
        assert response.status_code == 200  # …and every field typed comes back
        assert _given_back(response, "lignes-0-description", description)
        assert _given_back(response, "lignes-0-amount", amount)
        if category in BudgetCategory.values:
            assert f'<option value="{category}" selected>' in response.content.decode()


@HYPOTHESIS
@given(category=st.sampled_from(BudgetCategory.values), amount=amounts)
def test_budget_amount_is_read_as_typed(client, signed_in_draft, category, amount):
    """A well-formed row with a fuzzed amount: saved at the amount parse_money reads, or refused
    with the amount given back."""
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "budget"]), {
        "lignes-TOTAL_FORMS": "1", "lignes-INITIAL_FORMS": "0",
        "lignes-0-category": category, "lignes-0-description": "Portable", "lignes-0-amount": amount,
        "action": "save",
    })
    lines = list(signed_in_draft.budget_lines.values_list("amount", flat=True))
    if _amount_ok(amount):
        assert lines == [parse_money(amount)]
    else:
        assert response.status_code == 200 and _given_back(response, "lignes-0-amount", amount)
        assert 'id="id_lignes-0-amount_erreurs"' in response.content.decode()  # the error beside the field


@HYPOTHESIS
@given(total_forms=st.one_of(st.integers(-5, 100).map(str), texts))
def test_tampered_management_form_is_answered(client, signed_in_draft, total_forms):
    """Not typed by a person (the browser writes it): answered, never a 500."""
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "budget"]), {
        "lignes-TOTAL_FORMS": total_forms, "lignes-INITIAL_FORMS": "0",
        "lignes-0-category": "equipment", "lignes-0-description": "Portable", "lignes-0-amount": "100",
        "action": "save",
    })
    assert response.status_code in ANSWERED


@HYPOTHESIS
@given(name=texts, role=texts, scope=texts, url_name=st.sampled_from(["applications:step", "applications:autosave"]))
def test_partners_step_and_autosave(client, signed_in_draft, name, role, scope, url_name):
    before = Application.objects.get(pk=signed_in_draft.pk)
    partners_before = list(before.partners.values_list("name", "role"))
    data = {
        "network_scope": scope, "partenaires-TOTAL_FORMS": "1", "partenaires-INITIAL_FORMS": "0",
        "partenaires-0-name": name, "partenaires-0-role": role, "action": "add_partner",
    }
    response = client.post(reverse(url_name, args=[signed_in_draft.pk, "partenaires"]), data)
    assert response.status_code in ANSWERED
    after = Application.objects.get(pk=signed_in_draft.pk)
    partners = list(after.partners.values_list("name", "role"))
    scope_ok = _text_ok(scope, SHORT_TEXT_MAX)
    blank = not name.strip() and not role.strip()
    row_ok = blank or (_text_ok(name, 200, required=True) and _text_ok(role, 300, required=True))
    assert after.network_scope == (scope.strip() if scope_ok else before.network_scope)
    assert partners == (([] if blank else [(name.strip(), role.strip())]) if row_ok else partners_before)
    if url_name == "applications:step":  # « Ajouter un partenaire » shows the page again, all typed kept
        assert response.status_code == 200
        assert _given_back(response, "network_scope", scope, textarea=True)
        assert _given_back(response, "partenaires-0-name", name) and _given_back(response, "partenaires-0-role", role)
