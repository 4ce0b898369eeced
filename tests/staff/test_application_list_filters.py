"""The applications list's filters read their choices by SQL compiled once per process
(dataide.admin_helpers.CompiledRelatedFieldListFilter for tiers and regions, committees'
RegionCommitteeFilter), and write their addresses' pairs without urlencode when nothing needs
quoting: each must give what Django's own path gives, over rows added (committees) and renamed (tiers, regions) after the SQL
was compiled, in both languages, for the team and for regional staff."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from hypothesis import given
from hypothesis import strategies as st

from applications import admin as applications_admin
from applications.models import Application
from committees.admin import RegionCommitteeFilter
from committees.models import Committee
from dataide.accounts.roles import Role
from dataide.admin_helpers import CompiledRelatedFieldListFilter
from dataide.compiled import through_the_orm
from programs.admin_scoping import limit_to_regions
from programs.models import CentraideOffice, GrantTier, Region
from tests.committees.factories import CommitteeFactory
from tests.factories import StaffUserFactory, region, tier
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, signed_in_team, submitted_application

pytestmark = pytest.mark.django_db
LIST = reverse("admin:applications_application_changelist")


def filters(client, params=None) -> dict:
    response = client.get(reverse("admin:applications_application_changelist"), params or {})  # in the active language
    assert response.status_code == 200
    cl = response.context["cl"]
    return (response.wsgi_request, cl.model_admin), {spec.field_path: spec for spec in cl.filter_specs if hasattr(spec, "field_path")}


def djangos_choices(spec, page):
    """What Django's RelatedFieldListFilter reads (Field.get_choices, in the related admin's order)."""
    return admin.RelatedFieldListFilter.field_choices(spec, spec.field, *page)


def choices_through_the_orm(spec, page):
    with through_the_orm():
        return spec.field_choices(spec.field, *page)


def djangos_committees(user):
    """RegionCommitteeFilter's choices as it read them through the ORM before being compiled."""
    return [(committee.pk, str(committee)) for committee in limit_to_regions(Committee.objects.order_by("name", "pk"), user, "region")]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_tier_and_region_choices_are_djangos_as_rows_change(client, language):
    submitted_application("AMO-2026-0001")
    signed_in_team(client)
    with translation.override(language):
        for step in range(3):
            page, specs = filters(client, {"tier__id__exact": tier("amorcage").pk} if step else None)
            for path in ("tier", "region"):
                spec = specs[path]
                assert isinstance(spec, CompiledRelatedFieldListFilter)
                assert spec.lookup_choices == djangos_choices(spec, page) == choices_through_the_orm(spec, page)
            assert len(specs["region"].lookup_choices) == Region.objects.count() == 17
            if step:
                assert f"Innovation {step - 1}{' EN' if language == 'en' else ''}" in dict(specs["tier"].lookup_choices).values()
                assert any(f"« {step - 1} »" in name for name in dict(specs["region"].lookup_choices).values())
            # Rows renamed after the SQL was compiled: read with the same SQL.
            Region.objects.filter(code=f"1{step}").update(name=f"Région « {step} » & <renommée>")
            GrantTier.objects.filter(code="innovation").update(name_fr=f"Innovation {step}", name_en=f"Innovation {step} EN")


def test_a_field_limiting_its_choices_keeps_djangos_query(rf, monkeypatch):
    field = Application._meta.get_field("region")
    monkeypatch.setattr(field.remote_field, "limit_choices_to", {"code__in": ["05", "06"]})
    request = rf.get(LIST)
    request.user = AnonymousUser()
    model_admin = admin.site.get_model_admin(Application)
    spec = CompiledRelatedFieldListFilter(field, request, {}, Application, model_admin, "region")
    assert sorted(Region.objects.filter(pk__in=dict(spec.lookup_choices)).values_list("code", flat=True)) == ["05", "06"]
    assert spec.lookup_choices == djangos_choices(spec, (request, model_admin))


def committee_filter(client):
    """The list's committee filter for the person signed in (the list shows it only when it offers
    a choice: built here whatever its number of choices)."""
    response = client.get(LIST)
    assert response.status_code == 200
    model_admin = response.context["cl"].model_admin
    path = "committee_assignment__committee"
    assert (path, RegionCommitteeFilter) in model_admin.list_filter
    field = get_fields_from_path(Application, path)[-1]
    spec = RegionCommitteeFilter(field, response.wsgi_request, {}, Application, model_admin, path)
    return response.wsgi_request, model_admin, spec


def two_region_staff():
    user = regional_staff(ESTRIE)
    CentraideOffice.objects.filter(regions__code=MONTREAL).exclude(staff=user).first().staff.add(user)
    return user


@pytest.mark.parametrize("who", ["team", "estrie", "estrie_and_montreal", "no_office"])
def test_the_committee_choices_are_the_regions_of_the_person(client, who):
    CommitteeFactory(region=region(ESTRIE), name="Comité Estrie")
    CommitteeFactory(region=region(MONTREAL), name="Comité Montréal & « Centre »")
    CommitteeFactory(region=region("03"), name="Comité Capitale")
    user = {
        "team": lambda: StaffUserFactory(),
        "estrie": regional_staff,
        "estrie_and_montreal": two_region_staff,
        "no_office": lambda: StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE]),
    }[who]()
    login_staff(client, user)
    # Before and after a committee is made in Estrie and another in Laurentides.
    expected = {"team": [3, 5], "estrie": [1, 2], "estrie_and_montreal": [2, 3], "no_office": [0, 0]}[who]
    for step in range(2):
        page = committee_filter(client)
        spec = page[2]
        assert spec.lookup_choices == djangos_committees(user) == choices_through_the_orm(spec, page[:2])
        assert len(spec.lookup_choices) == expected[step]
        # A committee made after the SQL was compiled, in Estrie, and another region's.
        CommitteeFactory(region=region(ESTRIE), name=f"Comité Estrie {step}")
        CommitteeFactory(region=region("15"), name=f"Comité Laurentides {step}")


def test_regional_staff_do_not_see_another_regions_committee_in_the_page(client):
    CommitteeFactory(region=region(ESTRIE), name="Comité Estrie")
    CommitteeFactory(region=region(ESTRIE), name="Comité Estrie (relève)")
    CommitteeFactory(region=region("03"), name="Comité Capitale")
    login_staff(client, regional_staff(ESTRIE))
    page = client.get(LIST).content.decode()
    assert "Comité Estrie" in page and "Comité Capitale" not in page


names = st.sampled_from(["tier__id__exact", "status__exact", "q", "o", "p", "a b", "é", "x&y", "_facets", ""])
values = st.one_of(
    st.integers(min_value=-10**6, max_value=10**12), st.text(max_size=12),
    st.sampled_from(["in_review", "AMO-2026-0001", "-5.2", "1~2", "a+b", "été", "50 %"]),
    st.lists(st.text(max_size=4), max_size=3), st.booleans(),
)


@given(names, values)
def test_a_pair_is_encoded_as_urlencode_encodes_it(name, value):
    assert applications_admin._urlencoded_pair(name, value) == urlencode([(name, value)], doseq=True)


def view_only_staff():
    user = StaffUserFactory(roles=[])
    user.user_permissions.add(Permission.objects.get(codename="view_application", content_type__app_label="applications"))
    return user


def test_the_actions_are_djangos_read_once_per_request(client, rf):
    """ApplicationAdmin.get_actions keeps each request's actions: the ones Django finds for that
    person (one who may only read the list has none of the screening actions), whoever came before."""
    submitted_application("AMO-2026-0001")
    for user, screens in [(StaffUserFactory(), True), (view_only_staff(), False), (regional_staff(), True)]:
        login_staff(client, user)
        response = client.get(LIST)
        assert response.status_code == 200
        request, model_admin = response.wsgi_request, response.context["cl"].model_admin
        ours = model_admin.get_actions(request)
        assert model_admin.get_actions(request) is ours
        fresh = rf.get(LIST)
        fresh.user = user
        assert ours == admin.ModelAdmin.get_actions(model_admin, fresh) == model_admin.get_actions(fresh)
        assert ("screen_eligible" in ours) is screens
        assert ('value="screen_eligible"' in response.content.decode()) is screens
