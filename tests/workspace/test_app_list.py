"""The admin's list of models is printed from Python (workspace.navigation.app_list_html): it
must say what its former template (app_list_reference.html) said, on the staff home (with the
change links) and in the side bar of a list (current model marked), in both languages."""

import uuid
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


def _one_model(name, url="/fr/admin/applications/application/", key=None):
    from workspace.navigation import KeptAppList

    groups = [{"app_label": "demandes", "name": "Demandes", "app_url": "", "models": [
        {"object_name": "Application", "name": name, "admin_url": url, "add_url": None, "view_only": True},
    ]}]
    return groups if key is None else KeptAppList(groups, key)


def test_a_kept_list_prints_what_a_list_prints_and_marks_the_page_it_is_on():
    """A person's list (KeptAppList, kept through the cache's pickle) is printed in pieces once:
    each page still marks its own model, and each kind of page has its own print."""
    import pickle

    kept = pickle.loads(pickle.dumps(_one_model("Demandes & <Cie>", key=uuid.uuid4().hex)))
    for path in ["/fr/admin/applications/application/12/", "/fr/admin/", "/fr/admin/applications/application/3/"]:
        for show_changelinks in [False, True]:
            assert app_list_html(kept, path, show_changelinks) == app_list_html(_one_model("Demandes & <Cie>"), path, show_changelinks)
    on_it = app_list_html(kept, "/fr/admin/applications/application/12/", False)
    assert 'class="model-application current-model"' in on_it and 'aria-current="page"' in on_it
    assert "current-model" not in app_list_html(kept, "/fr/admin/", False)
    assert "Demandes &amp; &lt;Cie&gt;" in on_it


def test_a_kept_list_is_printed_in_the_active_language():
    kept = _one_model("Demandes", key=uuid.uuid4().hex)
    with translation.override("fr"):
        french = app_list_html(kept, "/", True)
    with translation.override("en"):
        english = app_list_html(kept, "/", True)
    assert ">Afficher<" in french and ">View<" in english


def test_the_list_of_a_person_is_kept_with_its_key(client):
    from workspace.navigation import KeptAppList

    signed_in_team(client)
    response = client.get(reverse("admin:applications_application_changelist"))
    assert isinstance(response.context["available_apps"], KeptAppList)


FORMER_DASHBOARD_MODULE = engines["django"].from_string(
    "{% load i18n %}{% if perms.applications.view_application %}<div class=\"module\" id=\"tableau-de-bord\"><h2>"
    "{% translate \"Programme\" %}</h2><p><a href=\"{% url 'admin:program_dashboard' %}\">{% translate \"Tableau de bord"
    " du programme : cibles, quotas, régions, années, demandes en attente\" %}</a></p></div>{% endif %}"
)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("who", ["team", "regional", "without_applications"])
def test_the_dashboard_module_is_what_its_template_wrote(client, language, who):
    from django.contrib.auth.models import Permission

    from workspace.navigation import program_dashboard_module

    user = regional_staff(ESTRIE) if who != "team" else None
    if who == "without_applications":
        for group in user.groups.all():
            group.permissions.remove(Permission.objects.get(codename="view_application"))
        user = type(user).objects.get(pk=user.pk)  # its permissions read again
    login_staff(client, user) if user is not None else signed_in_team(client)
    with translation.override(language):
        response = client.get(reverse("admin:index"))
        request = response.wsgi_request
        former = FORMER_DASHBOARD_MODULE.render({"perms": response.context["perms"]}, request)
        assert program_dashboard_module(request.user) == former
    assert (former != "") is (who != "without_applications")
    assert former in response.content.decode()
