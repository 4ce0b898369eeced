"""A favicon: linked from every page (public, allauth, admin), and /favicon.ico, which browsers
ask for on their own, answers with it instead of a 404."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.staff.factories import signed_in_team

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
    path = finders.find("img/favicon.ico")
    with open(path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


@pytest.mark.parametrize("url_name", ["home", "account_login", "admin:index"])
def test_pages_link_the_icon(client, url_name):
    if url_name.startswith("admin:"):
        signed_in_team(client)
    html = client.get(reverse(url_name)).content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    assert finders.find("img/favicon.svg")
