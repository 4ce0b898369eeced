"""What every page's header asks about the signed-in person (their roles, the organismes they act
for, the consent questions left unanswered) comes from one cache entry (dataide.accounts.authz
`person_fact`): no query on a page that acts for no organisme, and never a stale header after a
change of memberships or of an organisme's name."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from dataide.cache import ReusingRedisCacheClient
from dataide.compiled import readable_sql
from organismes.models import MembershipRole
from organismes.services import remove_member, update_profile
from tests.factories import MembershipFactory, OrganismeFactory, UserFactory

pytestmark = pytest.mark.django_db

# A page of the layout that acts for no organisme (its view fetches nothing of the person).
PAGE = "portal:help"


def _header(client) -> str:
    html = client.get(reverse(PAGE)).content.decode()
    return html[html.index("<header>"):html.index("</header>")]


def _acting_for(header: str) -> str | None:
    found = re.search(r"Vous agissez pour</span>\s*<strong>(.*?)</strong>", header, re.S)
    return found.group(1) if found else None


@pytest.fixture
def member(client):
    person = UserFactory()
    organisme = OrganismeFactory(legal_name="Le Pignon bleu")
    MembershipFactory(user=person, organisme=organisme, role=MembershipRole.RESPONSIBLE)
    client.force_login(person)
    return person, organisme


def test_the_header_of_a_page_that_acts_for_no_organisme_costs_no_query_but_the_account(client, member):
    assert _acting_for(_header(client)) == "Le Pignon bleu"
    with CaptureQueriesContext(connection) as queries:
        assert _acting_for(_header(client)) == "Le Pignon bleu"
    tables = [re.search(r'FROM "(\w+)"', readable_sql(query["sql"])).group(1) for query in queries.captured_queries]
    assert tables == ["accounts_user"] + (["portal_helppage"] if "portal_helppage" in tables else [])


def test_an_organisme_renamed_is_named_so_on_the_next_page(client, member):
    person, organisme = member
    assert _acting_for(_header(client)) == "Le Pignon bleu"
    organisme.legal_name = "Le Pignon vert"
    update_profile(actor=person, organisme=organisme, fields=["legal_name"])
    assert _acting_for(_header(client)) == "Le Pignon vert"


def test_a_new_organisme_joins_the_switcher_and_a_removed_one_leaves_it(client, member):
    person, _organisme = member
    assert "Agir pour un autre organisme" not in _header(client)
    second = MembershipFactory(
        user=person, organisme=OrganismeFactory(legal_name="La Maison des jeunes"), role=MembershipRole.COLLABORATOR
    )
    header = _header(client)
    assert "Agir pour un autre organisme" in header and "La Maison des jeunes" in header
    remove_member(actor=person, membership=second)
    header = _header(client)
    assert "La Maison des jeunes" not in header and _acting_for(header) == "Le Pignon bleu"


def test_a_role_given_shows_its_link_on_the_next_page(client, member):
    from django.contrib.auth.models import Group

    from dataide.accounts.roles import Role

    person, _organisme = member
    assert reverse("committees:dashboard") not in _header(client)
    person.groups.add(Group.objects.get(name=Role.COMMITTEE_MEMBER.value))
    assert reverse("committees:dashboard") in _header(client)


def _footer(client, language: str) -> tuple[str, str]:
    with translation.override(language):
        html = client.get(reverse(PAGE)).content.decode()
        return html[html.index("<footer"):], reverse("register:grant_list")


def test_the_layout_footer_is_rendered_once_per_language(client):
    """The footer is rendered once per process and language ({% once %})."""
    french, french_register = _footer(client, "fr-ca")
    english, english_register = _footer(client, "en")
    assert "Registre public des bourses" in french and f'href="{french_register}"' in french
    assert "Registre public des bourses" not in english and f'href="{english_register}"' in english
    assert _footer(client, "fr-ca")[0] == french


@pytest.mark.redis
def test_the_redis_cache_builds_one_client_per_connection_pool(settings):
    from config.settings.base import redis_cache

    settings.CACHES = {**settings.CACHES, "default": redis_cache(settings.REDIS_URL, "facts")}
    backend = caches.create_connection("default")
    assert isinstance(backend._cache, ReusingRedisCacheClient)
    backend.set("probe", 1, 30)
    assert backend.get("probe") == 1
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.delete("probe")
