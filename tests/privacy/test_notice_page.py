"""The privacy notice prints its categories' tables through « Ce que nous détenons »'s
(dataide.privacy.held_page.categories_table, without the counts): the page must say what its
former template said (notice_reference.html, fed as the former view fed it), in both languages,
for the public and a signed-in person, with categories whose texts must be escaped."""

import pytest
from django.urls import reverse
from django.utils import translation

from dataide.privacy import registry, selectors, services
from dataide.privacy.models import ConsentPurpose
from tests.factories import UserFactory
from tests.helpers import comparable
from tests.privacy.references import CATEGORIES, reference

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
REFERENCE = reference("notice_reference.html")


def former_page(request, language):
    return REFERENCE.render({
        "notice": selectors.current_notice(),
        "officer": services.officer(),
        "categories_reference": CATEGORIES,
        "person_categories": registry.categories(registry.PERSON),
        "organisme_categories": registry.categories(registry.ORGANISME),
        "purposes": ConsentPurpose.objects.filter(active=True),
        "english": language == "en",
    }, request)


@pytest.fixture
def categories_to_escape(monkeypatch):
    """One category of each subject whose texts hold what HTML must escape (not through register:
    the counting query of « Ce que nous détenons » is not concerned)."""
    for subject in (registry.PERSON, registry.ORGANISME):
        category = registry.Category(
            key=f"tests.escaped_{subject}", subject=subject, label=f"Pièces <jointes> & « notes » ({subject})",
            purpose="Pour \"vérifier\" l'admissibilité", retention="<b>Dix</b> ans", export=lambda target: [],
        )
        monkeypatch.setitem(registry._categories, category.key, category)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_notice_says_what_its_template_said(client, categories_to_escape, signed_in, language):
    if signed_in:
        client.force_login(UserFactory())
    with translation.override(language):
        response = client.get(reverse("privacy:notice"))
        assert response.status_code == 200
        page = response.content.decode()
        assert comparable(page) == comparable(former_page(response.wsgi_request, language))
        assert (reverse("privacy:held") in page) == signed_in
    assert page.count("Pièces &lt;jointes&gt; &amp; « notes »") == 2
    assert page.count("<table") == 2 and "Enregistrements" not in page and "Records" not in page
