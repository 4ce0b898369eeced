"""The applications list prints its rows from Python strings (applications.admin_rows), read as
value tuples, and its action form once per language: the page must be exactly the one Django's
own rows (from model instances), action form and filters make, in both languages, for the team
and for regional staff, filtered or not, with drafts (no number, no amounts), cents and accents
that need escaping."""

import functools
from decimal import Decimal

import pytest
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils import translation

from applications import admin_rows
from applications.models import ApplicationStatus as S
from tests.factories import ApplicationFactory, OrganismeFactory, region, tier
from tests.helpers import login_staff, without_csrf
from tests.staff.factories import ESTRIE, at, regional_staff, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    submitted_application("AMO-2026-0001", amount_requested=Decimal("4999.50"), submitted_at=at(2026, 6, 1))
    submitted_application(
        "INN-2028-0001", region_code="03", code="innovation", status=S.AWARDED,
        amount_requested=Decimal(60000), amount_awarded=Decimal(50000), submitted_at=at(2028, 6, 1),
        organisme=OrganismeFactory(legal_name="L'Œuvre <des> \"Jeunes\" & Cie", region=region("03")),
    )
    ApplicationFactory(tier=tier("amorcage"), number="", amount_requested=Decimal(0), submitted_at=None)
    # Estrie's, for its regional staff: a draft and two more, so that a page of two has a second page.
    estrie = OrganismeFactory(legal_name="Entraide <Estrie> & « Fils »", region=region(ESTRIE))
    ApplicationFactory(tier=tier("innovation"), organisme=estrie, number=None, submitted_at=None)
    submitted_application("AMO-2027-0002", region_code=ESTRIE, submitted_at=at(2027, 1, 31, hour=0))
    submitted_application(
        "ACC-2027-0003", region_code=ESTRIE, code="acceleration", status=S.AWARDED, amount_requested=Decimal("12000.05"),
        amount_awarded=Decimal(12000), submitted_at=at(2027, 12, 9, hour=23),
    )


def table(client, params) -> str:
    response = client.get(reverse("admin:applications_application_changelist"), params)
    page = response.content.decode()
    start = page.index('<table id="result_list">')
    return page[start:page.index("</table>", start)]


def djangos_table(client, params, monkeypatch):
    """The table as Django's own rows print it, from model instances."""
    with monkeypatch.context() as patch:
        patch.setattr(admin_rows, "_rows", lambda cl: None)
        patch.setattr(admin_rows, "value_lookups", lambda cl: None)
        return table(client, params)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("params", [{}, {"status__exact": S.AWARDED, "region__id__exact": "x"}, {"o": "-5"}])
def test_the_rows_are_the_ones_django_prints(client, rows, language, params, monkeypatch):
    signed_in_team(client)
    if "region__id__exact" in params:
        params = {**params, "region__id__exact": region("03").pk}
    with translation.override(language):  # the list's address in that language
        ours = table(client, params)
        cl = client.get(reverse("admin:applications_application_changelist"), params).context["cl"]
        assert admin_rows._rows(cl) is not None  # these rows are printed here, not by Django
        assert ours.count('<tr><td class="action-checkbox">') == (1 if params.get("status__exact") else 6)
        assert ("50\u00a0000\u00a0$" if language == "fr" else "$50,000") in ours
        assert ours == djangos_table(client, params, monkeypatch)


def test_a_region_name_that_needs_escaping_is_escaped_as_django_escapes_it(client, rows, monkeypatch):
    """A related object's text is escaped once per page and object (admin_rows._RelatedText)."""
    region("03").__class__.objects.filter(code="03").update(name="Capitale & <Nationale>")
    signed_in_team(client)
    ours = table(client, {})
    assert "03 – Capitale &amp; &lt;Nationale&gt;" in ours
    assert ours == djangos_table(client, {}, monkeypatch)


def test_djangos_rows_are_used_for_what_ours_do_not_know(rf):
    class Popup:
        list_display_links = ["number_or_draft"]
        formset = None
        is_popup = True

    assert admin_rows._rows(Popup()) is None


def nav(page: str) -> str:
    start = page.index('<nav id="changelist-filter"')
    return page[start:page.index("</nav>", start)]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("params", [
    {}, {"status__exact": S.AWARDED, "tier__id__exact": "x"}, {"_facets": "True"},
    # Kept by every choice's address, encoded: a search with what needs quoting, a sort, a bracket.
    {"q": "Œuvre & <des> 50 % a+b", "o": "-5.2", "montant": "1000-5000", "region__id__exact": "x", "region__isnull": "False"},
])
def test_the_filters_are_the_ones_django_prints(client, rows, language, params, monkeypatch):
    """The filters (application_list_filter, the block copied from Django's change_list.html)
    print what Django's own template and admin_list_filter print."""
    from django.template.loader import get_template

    from applications.templatetags.application_list import application_list_filter

    signed_in_team(client)
    if "tier__id__exact" in params:
        params = {**params, "tier__id__exact": tier("amorcage").pk}
    if "region__id__exact" in params:
        params = {**params, "region__id__exact": region("03").pk}
    monkeypatch.setattr(admin_rows, "value_lookups", lambda cl: None)  # Django's template prints model instances
    with translation.override(language):
        response = client.get(reverse("admin:applications_application_changelist"), params)
        cl = response.context["cl"]
        for spec in cl.filter_specs:
            assert application_list_filter(cl, spec) == admin_list.admin_list_filter(cl, spec)
        addresses = [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]
        cl.get_query_string = functools.partial(ChangeList.get_query_string, cl)  # Django's own
        assert addresses == [choice["query_string"] for spec in cl.filter_specs for choice in spec.choices(cl)]
        assert len(set(addresses)) > 10
        djangos = get_template("admin/change_list.html").render(response.context_data, response.wsgi_request)
        ours = nav(response.content.decode())
        assert ours == nav(djangos)
        assert ('class="selected"' in ours) and (("Filtre" if language == "fr" else "Filter") in ours)




def page(client, params) -> str:
    response = client.get(reverse("admin:applications_application_changelist"), params)
    assert response.status_code == 200
    return without_csrf(response.content.decode())


def djangos_page(client, params, monkeypatch) -> str:
    """The page with Django's own pieces: rows from model instances printed by Django's
    `results` (lookup_field, display_for_field, dateformat), its action form rendered by the
    widgets' templates, its media by Django's Media, its search form and actions by Django's
    templates (the filters are compared with Django's template above)."""
    with monkeypatch.context() as patch:
        patch.setattr(admin_rows, "value_lookups", lambda cl: None)
        patch.setattr(admin_rows, "_rows", lambda cl: None)
        patch.setattr(admin_rows, "printed_action_form", lambda form: form)
        patch.setattr(admin_rows, "printed_media", lambda media: media)
        patch.setattr(admin_rows, "printed_search_form", lambda cl: None)
        patch.setattr(admin_rows, "printed_admin_actions", lambda context: None)
        return page(client, params)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("who", ["team", "regional"])
@pytest.mark.parametrize("params", [{}, {"p": "2"}, {"tier__id__exact": "amorcage", "status__exact": S.SUBMITTED}, {"o": "-8.2", "q": "Estrie"}])
def test_the_page_is_the_one_django_prints(client, rows, monkeypatch, language, who, params):
    """Two rows a page, so that the selection counter offers every row of the list and the
    paginator keeps the filters."""
    from applications.admin import ApplicationAdmin

    monkeypatch.setattr(ApplicationAdmin, "list_per_page", 2)
    login_staff(client, regional_staff(ESTRIE)) if who == "regional" else signed_in_team(client)
    if "tier__id__exact" in params:
        params = {**params, "tier__id__exact": tier("amorcage").pk}
    with translation.override(language):
        ours = page(client, params)
        cl = client.get(reverse("admin:applications_application_changelist"), params).context["cl"]
        assert cl.row_lookups and all(isinstance(row, tuple) for row in cl.result_list)  # value rows
        assert 'class="action-counter"' in ours and '<select name="action" required>' in ours
        if not params:
            assert 'class="question hidden"' in ours
        if "q" in params:
            assert "Entraide &lt;Estrie&gt; &amp; « Fils »" in ours
        assert ours == djangos_page(client, params, monkeypatch)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("full_count", [False, True])
@pytest.mark.parametrize("params", [
    {"q": "Œuvre & <des>", "_facets": "True", "status__exact": S.AWARDED}, {"_popup": "1", "q": "Estrie"}, {"_facets": "True"},
    {"_popup": "1", "_facets": "True", "q": "Estrie"},
])
def test_the_search_form_and_actions_are_the_ones_django_prints(client, rows, monkeypatch, language, full_count, params):
    """The search form (its count of results, the facets' and popup's address, the parameters it
    keeps) and the actions, printed by admin_rows, with and without the full count."""
    from applications.admin import ApplicationAdmin

    monkeypatch.setattr(ApplicationAdmin, "show_full_result_count", full_count)
    monkeypatch.setattr(ApplicationAdmin, "actions_on_bottom", True)  # two action forms: the second is index 1
    signed_in_team(client)
    with translation.override(language):
        ours = page(client, params)
        assert ours == djangos_page(client, params, monkeypatch)
    assert 'id="searchbar"' in ours
    if "_popup" in params:  # a popup (choosing an application for another form) has no actions
        assert ('<a href="?_popup=1&_facets">' if "_facets" in params else '<a href="?_popup=1">') in ours
    else:
        assert 'name="index" value="1"' in ours


def test_the_printed_action_form_follows_its_actions(rf):
    """The action form is printed once per language and set of actions: other actions (another
    user's permissions, an app's contributed action) or another language print another select."""
    from django.contrib.admin.helpers import ActionForm

    def form(choices):
        action_form = ActionForm(auto_id=None)
        action_form.fields["action"].choices = choices
        return action_form

    def printed(choices):
        return "".join(f"{field.label}|{field}" for field in admin_rows.printed_action_form(form(choices)))

    def djangos(choices):
        return "".join(f"{field.label}|{field}" for field in form(choices))

    few, more = [("", "---------"), ("a", "Une")], [("", "---------"), ("a", "Une"), ("b", "Deux & <trois>")]
    for language in ("fr", "en"):
        with translation.override(language):
            assert printed(few) == djangos(few)
            assert printed(more) == djangos(more) != djangos(few)
            assert printed(few) == djangos(few)
    with translation.override("fr"):
        french = printed(few)
    with translation.override("en"):
        assert printed(few) != french


def test_the_row_checkbox_is_the_one_django_renders(rows):
    """ApplicationAdmin.action_checkbox, from the row's values (and the function it makes for a
    page, its label translated once), writes what Django's own ModelAdmin.action_checkbox renders
    from the application (its label translated in each language in turn, the organisme's name
    escaped for a draft)."""
    from django.contrib import admin

    from applications.admin import ApplicationAdmin
    from applications.models import Application

    model_admin = admin.site.get_model_admin(Application)
    applications = list(Application.objects.select_related("organisme", "tier").order_by("pk"))
    assert any(not application.number for application in applications)
    for language in ["fr", "en", "fr"]:
        with translation.override(language):
            of_page = ApplicationAdmin.action_checkbox.per_page(model_admin)
            for application in applications:
                values = (application.pk, application.number, application.tier, application.organisme.legal_name)
                ours = ApplicationAdmin.action_checkbox.from_values(model_admin, *values)
                assert ours == admin.ModelAdmin.action_checkbox(model_admin, application) == of_page(*values)
                assert ("Choisir" in ours) is (language == "fr")


def test_the_printed_media_is_djangos():
    """The list's media printed once per set of files: what Django's Media prints, all of it or
    its scripts or sheets as the template reads them; other files print other tags; a script given
    as an object (not a key) leaves Django's Media."""
    from django.contrib import admin
    from django.forms import Media

    from applications.models import Application

    media = admin.site.get_model_admin(Application).media + Media(js=["a & b.js"], css={"all": ["x.css"], "print": ["<p>.css"]})
    printed = admin_rows.printed_media(media)
    assert (str(printed), printed.js, printed.css) == (str(media), str(media["js"]), str(media["css"]))
    assert "a%20%26%20b.js" in printed.js and 'media="print"' in printed.css
    assert admin_rows.printed_media(Media(js=["c.js"])).js == str(Media(js=["c.js"])["js"]) != printed.js

    class Script:
        def __html__(self):
            return '<script src="d.js"></script>'

        __hash__ = None

    scripted = Media(js=[Script()])
    assert admin_rows.printed_media(scripted) is scripted


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("per_page", "params"), [
    (1, {}), (1, {"p": "6"}), (1, {"p": "12"}), (1, {"p": "3", "status__exact": S.SUBMITTED}), (2, {"p": "2"}), (50, {}),
    (1, {"all": ""}), (1, {"q": "Œuvre & <des>"}),
])
def test_the_pagination_is_the_one_django_prints(client, rows, monkeypatch, language, per_page, params):
    """The pagination printed by admin_rows: what Django's admin/pagination.html prints from the
    `pagination` tag's context, with an ellipsis or not, on the first, a middle and the last page,
    one result or several, every row shown, the filters kept in the pages' addresses."""
    from django.contrib.admin.templatetags.admin_list import pagination
    from django.template.loader import get_template

    from applications.admin import ApplicationAdmin

    ApplicationFactory.create_batch(6, tier=tier("amorcage"), status=S.SUBMITTED)
    monkeypatch.setattr(ApplicationAdmin, "list_per_page", per_page)
    signed_in_team(client)
    with translation.override(language):
        response = client.get(reverse("admin:applications_application_changelist"), params)
        cl = response.context["cl"]
        ours = admin_rows.printed_pagination(cl)
        assert ours == get_template("admin/pagination.html").render(pagination(cl))
        assert ours in response.content.decode()
    if per_page == 1 and not params:
        assert "…" in ours and 'class="end"' in ours and 'class="showall"' in ours
    if "q" in params:
        assert "1 demande" in ours or "1 application" in ours


def test_an_overridden_pagination_template_is_printed_by_django(client, rows):
    """`application_pagination` prints from Python only while the template chosen is Django's."""
    from django.template import Context, Engine, Template

    signed_in_team(client)
    cl = client.get(reverse("admin:applications_application_changelist")).context["cl"]
    libraries = {
        "application_list": "applications.templatetags.application_list",
        "admin_list": "django.contrib.admin.templatetags.admin_list", "i18n": "django.templatetags.i18n",
    }
    djangos = ["django.template.loaders.app_directories.Loader"]
    source = "{% load application_list %}{% application_pagination cl %}"
    for loaders, expected in [
        (djangos, admin_rows.printed_pagination(cl)),
        ([("django.template.loaders.locmem.Loader", {"admin/applications/pagination.html": "ours {{ cl.result_count }}"}), *djangos], "ours 6"),
    ]:
        engine = Engine(loaders=loaders, libraries=libraries)
        assert Template(source, engine=engine).render(Context({"cl": cl, "opts": cl.opts})) == expected


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_models_text_fields_are_all_its_text_reads(rows, language, django_assert_num_queries):
    """A model naming its `text_fields` (GrantTier) prints, from those alone, the text its __str__
    prints from the whole row, without a query for a field left out."""
    from django.apps import apps

    from programs.models import GrantTier

    GrantTier.objects.filter(code="innovation").update(name_en="")  # the English name falls back to the French
    named = [model for model in apps.get_models() if getattr(model, "text_fields", None)]
    assert GrantTier in named
    with translation.override(language):
        for model in named:
            for whole in model._default_manager.all():
                attnames = admin_rows._text_attnames(model)
                with django_assert_num_queries(0):
                    text = str(model.from_db("default", attnames, [getattr(whole, name) for name in attnames]))
                assert text == str(whole)
