"""The accessibility statement: public, linked from every page's footer, in both languages."""

import pytest
from django.test import override_settings

from tests.applications.pages import page

pytestmark = pytest.mark.django_db


@override_settings(PROGRAM_CONTACT_EMAIL="dataide@exemple.org")
def test_the_statement_says_its_target_tests_limits_and_contact(client):
    html = page(client.get("/fr/accessibilite/"))
    for expected in ["WCAG", "2.1", "niveau AA", "SGQRI 008", "axe-core", "clavier", "390 pixels",
                     "Limites connues", "mailto:dataide@exemple.org"]:
        assert expected in html, expected
    assert 'href="/fr/accessibilite/"' in page(client.get("/fr/"))


def test_the_statement_exists_in_english(client):
    response = client.get("/en/accessibilite/")
    assert response.status_code == 200
    html = page(response)
    assert "Accessibility statement" in html and "SGQRI 008" in html
