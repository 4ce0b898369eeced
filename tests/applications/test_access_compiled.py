"""applications.access fetches the acting organisme's application with SQL compiled once per process
(dataide.compiled): it must give the object the ORM's query gave, with its organisme, tier and
program joined, and refuse what the ORM refused (another organisme's application, a missing id)."""

import datetime
from contextlib import nullcontext
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from applications.access import _APPLICATION_OF_ORGANISME, _applications_of_organisme, application_for_request
from applications.models import Application, ApplicationStatus
from dataide.compiled import through_the_orm
from tests.factories import ApplicationFactory, OrganismeFactory, StaffUserFactory, tier
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db


def _facts(application):
    """Every column of the application and of its joined rows, and where it came from."""
    joined = [application, application.organisme, application.tier, application.tier.program]
    return [
        (type(row).__name__, [getattr(row, field.attname) for field in row._meta.concrete_fields], row._state.db, row._state.adding)
        for row in joined
    ]


@pytest.fixture
def applications():
    """Applications of two organismes, in every tier, drafts and decided ones with amounts and dates."""
    mine, theirs = OrganismeFactory(legal_name="Maison <des> jeunes"), OrganismeFactory()
    now = timezone.now()
    return {
        "draft": ApplicationFactory(organisme=mine, tier=tier("amorcage")),
        "awarded": ApplicationFactory(
            organisme=mine, tier=tier("acceleration"), status=ApplicationStatus.AWARDED, number="ACC-2027-0001",
            amount_requested=Decimal("24999.99"), amount_awarded=Decimal("20000.50"),
            submitted_at=now - datetime.timedelta(days=40), decided_at=now - datetime.timedelta(days=2),
            decision_reason="Un projet « solide » & clair.",
        ),
        "innovation": ApplicationFactory(organisme=mine, tier=tier("innovation"), status=ApplicationStatus.WITHDRAWN),
        "theirs": ApplicationFactory(organisme=theirs, tier=tier("amorcage")),
    }


def _compiled_and_orm(pk, organisme_id):
    compiled = _APPLICATION_OF_ORGANISME.first(pk=pk, organisme_id=organisme_id)
    # The former fetch, as access.py wrote it before it was compiled.
    orm = Application.objects.select_related("organisme", "tier", "tier__program").filter(pk=pk, organisme_id=organisme_id).first()
    return compiled, orm


@pytest.mark.parametrize("name", ["draft", "awarded", "innovation"])
def test_the_compiled_fetch_gives_the_orm_s_object_with_its_joined_rows(applications, name, django_assert_num_queries):
    application = applications[name]
    with django_assert_num_queries(2):
        compiled, orm = _compiled_and_orm(application.pk, application.organisme_id)
        assert _facts(compiled) == _facts(orm)  # the joined rows are cached: no further query
    assert _facts(orm) == _facts(_applications_of_organisme(application.pk, application.organisme_id)[0])


def test_the_compiled_fetch_refuses_what_the_orm_refuses(applications):
    theirs, mine = applications["theirs"], applications["draft"]
    for pk, organisme_id in [
        (theirs.pk, mine.organisme_id),  # another organisme's
        (mine.pk, theirs.organisme_id),
        (max(a.pk for a in applications.values()) + 1, mine.organisme_id),  # missing
        (10**20, mine.organisme_id),  # beyond any id the database holds
    ]:
        assert _compiled_and_orm(pk, organisme_id) == (None, None)


@pytest.mark.parametrize("through_orm", [False, True])
def test_the_page_answers_404_for_another_organisme_s_or_a_missing_application(client, applications, through_orm):
    mine, theirs = applications["draft"], applications["theirs"]
    client.force_login(member_of(mine.organisme))
    with through_the_orm() if through_orm else nullcontext():
        assert client.get(reverse("applications:detail", args=[mine.pk])).status_code == 200
        assert client.get(reverse("applications:detail", args=[theirs.pk])).status_code == 404
        assert client.get(reverse("applications:detail", args=[theirs.pk + 1000])).status_code == 404
        assert client.get(f"/fr/demandes/{10**20}/").status_code == 404


def test_a_person_of_no_organisme_reaches_no_application(rf, applications):
    request = rf.get("/")
    request.user, request.session = StaffUserFactory(), {}
    with pytest.raises(Http404):
        application_for_request(request, applications["draft"].pk)
