"""Another organisme's member gets 404 on every applicant URL that takes an id (see idor_cases)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import OrganismeFactory
from tests.idor_cases import CHECKED_NAMESPACES, IDOR_CASES, NotOwned, Owned
from tests.organismes.factories import member_of


def _patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (pattern.namespace or namespace)
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield namespace, pattern


def urls_taking_an_id(namespaces=CHECKED_NAMESPACES) -> list[str]:
    return sorted(
        f"{namespace}:{pattern.name}"
        for namespace, pattern in _patterns(get_resolver())
        if namespace in namespaces and getattr(pattern.pattern, "converters", None)
    )


def test_every_applicant_url_taking_an_id_has_an_idor_case():
    found = urls_taking_an_id()
    assert "applications:detail" in found  # the walk sees the URL configuration
    missing = [name for name in found if name not in IDOR_CASES]
    assert not missing, f"add these URLs to tests/idor_cases.py: {missing}"
    stale = [name for name in IDOR_CASES if name not in found]
    assert not stale, f"tests/idor_cases.py lists URLs that no longer exist: {stale}"


OWNED = sorted(name for name, case in IDOR_CASES.items() if isinstance(case, Owned))


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", OWNED)
def test_another_organisme_gets_404(client, url_name):
    case = IDOR_CASES[url_name]
    owner = OrganismeFactory()
    owner_member = member_of(owner)
    url = reverse(url_name, kwargs=case.build(owner, owner_member))

    client.force_login(member_of(OrganismeFactory()))
    for method in case.methods:
        assert getattr(client, method)(url).status_code == 404, f"{method.upper()} {url}"

    # The same URL answers its owner: the 404 above is about ownership, not a broken case.
    client.force_login(owner_member)
    assert getattr(client, case.methods[0])(url).status_code != 404


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", OWNED)
def test_signed_out_people_never_reach_the_object(client, url_name):
    case = IDOR_CASES[url_name]
    owner = OrganismeFactory()
    url = reverse(url_name, kwargs=case.build(owner, member_of(owner)))
    for method in case.methods:
        assert getattr(client, method)(url).status_code in (302, 404)


def test_not_owned_cases_say_why():
    assert all(case.reason for case in IDOR_CASES.values() if isinstance(case, NotOwned))
