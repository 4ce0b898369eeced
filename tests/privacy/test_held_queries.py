"""« Ce que nous détenons » counts every category in one query: the page is the same number of
queries for a new organisme and a busy one, and each count is the number of rows its export lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dataide.compiled import through_the_orm
from dataide.privacy import registry
from dataide.privacy.models import Consent, ConsentMethod, ConsentPurpose, ReaderKind, ReadKind, ReadLogEntry
from organismes.models import MembershipRole
from tests.applications.factories import AttachmentFactory, BudgetLineFactory
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory
from tests.trainings.factories import LeaderFactory, WebinarAttendanceFactory, WebinarRegistrationFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15


def _organisme_with(size: int):
    """A responsible person's organisme with `size` of each kind of record the categories count."""
    responsible = MembershipFactory()
    organisme = responsible.organisme
    for index in range(size):
        MembershipFactory(organisme=organisme, role=MembershipRole.COLLABORATOR)
        application = ApplicationFactory(organisme=organisme, status="withdrawn")  # several, none open
        BudgetLineFactory(application=application)
        AttachmentFactory(application=application)
        WebinarRegistrationFactory(organisme=organisme)
        WebinarAttendanceFactory(organisme=organisme)
        LeaderFactory(organisme=organisme)
        ReadLogEntry.objects.create(
            organisme_id=organisme.pk, reader_kind=ReaderKind.STAFF, kind=ReadKind.APPLICATION,
            object_id=application.pk, label=f"AM-2026-{index:04d}",
        )
    return responsible


def _queries(client, responsible) -> int:
    client.force_login(responsible.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("privacy:held"))
    assert response.status_code == 200
    return len(queries)


def test_the_held_page_is_a_fixed_number_of_queries(client):
    small = _queries(client, _organisme_with(1))
    larger = _queries(client, _organisme_with(6))
    assert small == larger <= MAX_QUERIES


def test_each_count_is_the_number_of_rows_the_export_lists(client):
    responsible = _organisme_with(3)
    client.force_login(responsible.user)
    page = client.get(reverse("privacy:held")).context
    shown = {item["category"].key: item["rows"] for item in page["person_categories"] + page["organisme_categories"]}
    exported = {
        **{category.key: len(category.export(responsible.user)) for category in registry.categories(registry.PERSON)},
        **{category.key: len(category.export(responsible.organisme))
           for category in registry.categories(registry.ORGANISME)},
    }
    assert shown == exported
    assert shown["applications.applications"] == 3 and shown["privacy.reads"] == 3


def test_the_counting_query_compiled_once_counts_each_persons_own_rows(client):
    """The counting query is compiled once per process with stand-in keys: each page must still
    count its own person's and organisme's rows."""
    busy, new = _organisme_with(4), _organisme_with(1)
    for responsible, expected in ((busy, 4), (new, 1), (busy, 4)):
        client.force_login(responsible.user)
        page = client.get(reverse("privacy:held")).context
        shown = {item["category"].key: item["rows"] for item in page["person_categories"] + page["organisme_categories"]}
        assert shown["applications.applications"] == expected and shown["privacy.reads"] == expected
        assert shown["organismes.members"] == expected + 1 and shown["organismes.memberships"] == 1


def test_a_counted_set_that_does_not_follow_the_key_alone_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_categories", {})
    monkeypatch.setattr(registry, "_counting_queries", {})
    registry.register(registry.Category(
        key="test.odd", subject=registry.PERSON, label="", purpose="", retention="", export=lambda user: [],
        counted=lambda user_id: [Consent.objects.filter(user_id=user_id if user_id % 2 else 0)],
    ))
    with pytest.raises(ValueError, match="primary key only"):
        registry.row_counts(registry.PERSON, MembershipFactory().user)


@pytest.fixture
def counted_categories(monkeypatch):
    """Person categories of every kind the counting meets: two counted sets in one category, a set
    that can match no row, one counted by its export, one whose set finds no row of anybody's."""
    monkeypatch.setattr(registry, "_categories", {})
    monkeypatch.setattr(registry, "_counting_queries", {})
    for key, counted, export in [
        ("test.consents", lambda user_id: [Consent.objects.filter(user_id=user_id),
                                          Consent.objects.filter(user_id=user_id, given=True)], None),
        ("test.nothing", lambda user_id: [Consent.objects.none()], None),
        ("test.exported", None, lambda user: [{"row": 1}, {"row": 2}]),
        ("test.reads", lambda user_id: [ReadLogEntry.objects.filter(reader_id=user_id)], None),
    ]:
        registry.register(registry.Category(
            key=key, subject=registry.PERSON, label="", purpose="", retention="", export=export, counted=counted,
        ))


def _consents(user, *given):
    purpose = ConsentPurpose.objects.first()
    for choice in given:
        Consent.objects.create(user=user, purpose=purpose, purpose_version=1, given=choice, method=ConsentMethod.ACCOUNT)


def test_each_category_sums_its_sets_and_a_subject_with_no_rows_counts_zero(counted_categories, django_assert_num_queries):
    busy, new = UserFactory(), UserFactory()
    _consents(busy, True, False, True)
    _consents(UserFactory(), True)  # somebody else's
    for person, expected in [
        (busy, {"test.consents": 3 + 2, "test.nothing": 0, "test.exported": 2, "test.reads": 0}),
        (new, {"test.consents": 0, "test.nothing": 0, "test.exported": 2, "test.reads": 0}),
        (busy, {"test.consents": 3 + 2, "test.nothing": 0, "test.exported": 2, "test.reads": 0}),
    ]:
        with django_assert_num_queries(1):
            assert registry.row_counts(registry.PERSON, person) == expected
        with through_the_orm():
            assert registry.row_counts(registry.PERSON, person) == expected


def test_a_subject_without_counted_sets_runs_no_query(monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(registry, "_categories", {})
    monkeypatch.setattr(registry, "_counting_queries", {})
    registry.register(registry.Category(
        key="test.exported", subject=registry.PERSON, label="", purpose="", retention="", export=lambda user: [{}],
    ))
    person = UserFactory()
    with django_assert_num_queries(0):
        assert registry.row_counts(registry.PERSON, person) == {"test.exported": 1}
