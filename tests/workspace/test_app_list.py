"""The admin's list of models is printed from Python (workspace.navigation.app_list_html): it
must say what its former template (app_list_reference.html) said, on the staff home (with the
change links) and in the side bar of a list (current model marked), in both languages."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from tests.helpers import login_staff, same_markup
from tests.staff.factories import ESTRIE, regional_staff, signed_in_team
from workspace.navigation import app_list_html

pytestmark = pytest.mark.django_db
REFERENCE = engines["django"].from_string((Path(__file__).parent / "app_list_reference.html").read_text())


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("page", ["admin:index", "admin:applications_application_changelist"])
@pytest.mark.parametrize("who", ["team", "regional"])
def test_the_list_says_what_its_template_said(client, language, page, who):
    login_staff(client, regional_staff(ESTRIE)) if who == "regional" else signed_in_team(client)
    with translation.override(language):
        response = client.get(reverse(page))
        context = response.context
        request = context["request"]
        index = page == "admin:index"
        app_list = context["app_list"] if index else context["available_apps"]
        reference = REFERENCE.render({"app_list": app_list, "show_changelinks": index, "request": request}, request)
        ours = app_list_html(app_list, request.path, index)
    assert same_markup(ours) == same_markup(reference)
    assert same_markup(ours) in same_markup(response.content.decode())
    if not index:
        assert 'aria-current="page"' in ours


def test_nothing_to_see_says_so():
    with translation.override("fr"):
        assert app_list_html([], "/fr/admin/", True) == "<p>Vous n’avez pas la permission de voir ou de modifier quoi que ce soit.</p>"
