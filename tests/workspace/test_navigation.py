"""The admin's navigation follows the program's flow; the reference tables are folded away; every
registered model is placed in a group."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, regional_staff, signed_in_team
from workspace.navigation import FLOW

pytestmark = pytest.mark.django_db

TEAM_GROUPS = [
    "Programme et volets", "Sensibilisation et formations", "Demandes", "Comités", "Après l'octroi",
    "Messages et journal", "Vie privée", "Comptes", "Tables de référence",
]


def app_list(client, url=None):
    response = client.get(url or reverse("admin:index"))
    assert response.status_code == 200
    return response, response.context["app_list"]


def test_the_team_reads_the_groups_in_the_program_order(client):
    response, groups = app_list(signed_in_team(client))
    assert [str(group["name"]) for group in groups] == TEAM_GROUPS
    by_name = {str(group["name"]): [str(model["name"]) for model in group["models"]] for group in groups}
    assert by_name["Demandes"] == ["Demandes", "Demandes de révision", "Organismes", "Résumés publics"]
    assert by_name["Après l'octroi"][0] == "Conventions"
    # The money pages follow the lists: the figures per tier, then the report to the ministry.
    assert by_name["Après l'octroi"][-3:] == ["Bourses accordées", "Engagé, versé et restant par volet", "Rapport au ministère"]
    assert "Paiements" in by_name["Après l'octroi"]
    assert by_name["Tables de référence"][:2] == ["Régions administratives", "Centraides régionaux"]
    page = response.content.decode()
    assert reverse("admin:grants_ministry_report") in page
    assert '<details class="app-folded"><summary>Tables de référence</summary>' in page
    assert reverse("admin:applications_application_changelist") + "?etape=bourses" in page
    # Django's own words of the list stay translated by Django's catalog.
    assert 'class="addlink"' in page and ">Ajouter</a>" in page and ">Add</a>" not in page
    # The sidebar of every other admin page shows the same groups.
    sidebar = client.get(reverse("admin:applications_application_changelist")).context["available_apps"]
    assert [str(group["name"]) for group in sidebar] == TEAM_GROUPS


def test_every_registered_model_is_placed_in_a_group():
    placed = {label for _key, _title, labels in FLOW for label in labels}
    registered = {model._meta.label for model in admin.site._registry}
    assert registered - placed == set()
    assert placed - registered == set()


def test_regional_staff_see_only_the_groups_they_may_open(client):
    _response, groups = app_list(login_staff(client, regional_staff(ESTRIE)))
    names = [str(group["name"]) for group in groups]
    # Regional staff hold no permission on the program's configuration and the reference tables.
    assert names == [
        "Programme et volets", "Sensibilisation et formations", "Demandes", "Comités", "Après l'octroi",
        "Messages et journal", "Comptes",
    ]
    assert [str(model["name"]) for model in groups[0]["models"]] == ["Places en formation"]
    # The report to the ministry is the DATAide team's (grants.ministry).
    assert "Rapport au ministère" not in [str(model["name"]) for group in groups for model in group["models"]]


def test_an_app_page_keeps_its_own_list(client):
    _response, apps = app_list(signed_in_team(client), reverse("admin:app_list", args=["committees"]))
    assert [app["app_label"] for app in apps] == ["committees"]


def test_the_groups_kept_in_the_cache_follow_the_persons_permissions_and_language(client):
    """The list is kept per person (workspace.sites): a permission granted shows on the next page,
    and English readers get English names."""
    from django.contrib.auth.models import Permission

    def names(groups):
        return {str(model["name"]) for group in groups for model in group["models"]}

    user = regional_staff(ESTRIE)
    login_staff(client, user)
    assert "Pages d'aide" not in names(app_list(client)[1])
    user.groups.first().permissions.add(Permission.objects.get(codename="view_helppage"))
    assert "Pages d'aide" in names(app_list(client)[1])
    assert "Help pages" in names(app_list(client, "/en/admin/")[1])


def test_the_sidebar_marks_the_list_being_read_and_the_home_offers_change_links(client):
    signed_in_team(client)
    changelist = reverse("admin:applications_application_changelist")
    page = client.get(changelist).content.decode()
    sidebar = page.split('id="nav-sidebar"')[1].split("</nav>")[0]
    assert sidebar.count('aria-current="page"') == 1
    assert f'<a href="{changelist}" aria-current="page">Demandes</a>' in sidebar
    assert sidebar.count("current-model") == 1 and '<tr class="model-application current-model">' in sidebar
    assert "changelink" not in sidebar
    assert 'class="addlink" aria-describedby="demandes-organisme">Ajouter</a>' in sidebar
    home = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{changelist}" class="changelink" aria-describedby="demandes-application">Modification</a>' in home
    # A list staff may only read offers « Afficher », not « Modification ».
    assert 'class="viewlink" aria-describedby="apres-octroi-awards">Afficher</a>' in home
    assert "current-model" not in home


def test_names_in_the_navigation_are_escaped():
    from workspace.navigation import app_list_html

    html = app_list_html([{"app_label": "x", "name": "<b>Groupe</b>", "models": [
        {"object_name": "Thing", "name": "<script>", "admin_url": "/a?b=1&c=2", "add_url": None},
    ]}], "/fr/admin/", False)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;Groupe" in html
    assert 'href="/a?b=1&amp;c=2"' in html
