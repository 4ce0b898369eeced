"""Whatever people (or robots) type into the form, they get a page back, never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.applications.factories import complete_draft, eligible_organisme
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

ANSWERED = (200, 302, 400)

texts = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=300),
    st.sampled_from(["\x00", "a\x00b", "مرحبا بالعالم", "שלום \u202e עולם", "👩🏽‍💻🚀" * 40, "é" * 3001, "x" * 20000, " ", ""]),
)
amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["-1", "0", "0,001", "4999.999999999", "1e400", "NaN", "5 000,00", "١٢٣", "1\x00", "+-3"]),
    texts,
)


@pytest.fixture
def signed_in_draft(client):
    organisme = eligible_organisme("innovation")
    client.force_login(member_of(organisme))
    return complete_draft(organisme, "innovation")


HYPOTHESIS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HYPOTHESIS
@given(title=texts, need=texts, action=st.sampled_from(["save", "next", "previous", "bogus", ""]))
def test_need_step(client, signed_in_draft, title, need, action):
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "besoin"]), {"title": title, "need": need, "action": action})
    assert response.status_code in ANSWERED


@HYPOTHESIS
@given(
    category=st.one_of(st.sampled_from(["equipment", "software", "other"]), texts),
    description=texts, amount=amounts, requested=amounts,
    total_forms=st.one_of(st.integers(-5, 100).map(str), texts),
    action=st.sampled_from(["save", "next", "add_line"]),
)
def test_budget_step(client, signed_in_draft, category, description, amount, requested, total_forms, action):
    response = client.post(reverse("applications:step", args=[signed_in_draft.pk, "budget"]), {
        "lignes-TOTAL_FORMS": total_forms, "lignes-INITIAL_FORMS": "0",
        "lignes-0-category": category, "lignes-0-description": description, "lignes-0-amount": amount,
        "montant-amount_requested": requested, "action": action,
    })
    assert response.status_code in ANSWERED


@HYPOTHESIS
@given(name=texts, role=texts, scope=texts)
def test_partners_step_and_autosave(client, signed_in_draft, name, role, scope):
    data = {
        "network_scope": scope, "partenaires-TOTAL_FORMS": "1", "partenaires-INITIAL_FORMS": "0",
        "partenaires-0-name": name, "partenaires-0-role": role,
    }
    for url_name in ("applications:step", "applications:autosave"):
        response = client.post(reverse(url_name, args=[signed_in_draft.pk, "partenaires"]), {**data, "action": "add_partner"})
        assert response.status_code in ANSWERED
