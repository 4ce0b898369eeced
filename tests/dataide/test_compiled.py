"""dataide.compiled: a queryset compiled once per shape gives, with each call's own values, the rows
the ORM gives, in every form the ORM reads them; what it cannot carry as a parameter is refused."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from applications.models import Application, ApplicationStatus, BudgetLine
from dataide.compiled import CompiledCount, CompiledCounts, CompiledQuery, through_the_orm
from tests.factories import ApplicationFactory, OrganismeFactory, region, tier

pytestmark = pytest.mark.django_db

MONTREAL, ESTRIE, LAURENTIDES = "06", "05", "15"


def _applications(region_ids, since, statuses=None):
    """A queue as the staff home reads one: regions (None: all), a moment, statuses."""
    queryset = Application.objects.filter(created_at__gte=since)
    if region_ids is not None:
        queryset = queryset.filter(region__in=region_ids)
    if statuses is not None:
        queryset = queryset.filter(status__in=statuses)
    return queryset


@pytest.fixture
def data():
    made = {}
    for code in (MONTREAL, ESTRIE, LAURENTIDES):
        for index, status in enumerate([ApplicationStatus.SUBMITTED, ApplicationStatus.DRAFT, ApplicationStatus.AWARDED]):
            application = ApplicationFactory(organisme=OrganismeFactory(region=region(code)), status=status, amount_awarded=Decimal("3999.50") if index == 2 else None)
            BudgetLine.objects.create(application=application, category="equipment", description="Portable", amount=Decimal("1200.25") * (index + 1))
            made.setdefault(code, []).append(application)
    return made


MODELS = CompiledQuery(
    lambda region_ids, since: _applications(region_ids, since)
    .select_related("organisme__region", "tier")
    .annotate(lines=Count("budget_lines"), spent=Sum("budget_lines__amount"))
    .order_by("pk")
)


def _orm_models(region_ids, since):
    return list(
        _applications(region_ids, since).select_related("organisme__region", "tier")
        .annotate(lines=Count("budget_lines"), spent=Sum("budget_lines__amount")).order_by("pk")
    )


def _facts(application):
    return (
        application.pk, application.number, application.status, application.amount_awarded, application.created_at,
        application.organisme.legal_name, application.organisme.region.code, application.tier.code,
        application.lines, application.spent, application._state.adding, application._state.db,
    )


@pytest.mark.parametrize("regions", [None, [MONTREAL], [MONTREAL, ESTRIE], [ESTRIE, LAURENTIDES, MONTREAL]])
def test_model_rows_with_joined_objects_and_annotations_are_the_orm_s(data, regions, django_assert_num_queries):
    region_ids = None if regions is None else [region(code).pk for code in regions]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    expected = [_facts(row) for row in _orm_models(region_ids, long_ago)]
    assert expected  # the comparison compares something
    with django_assert_num_queries(1):
        compiled = MODELS.run(region_ids=region_ids, since=long_ago)
        assert [_facts(row) for row in compiled] == expected  # the joined objects are cached: no query


def test_each_call_runs_with_its_own_values_not_the_first_one_s(data):
    montreal, estrie = region(MONTREAL).pk, region(ESTRIE).pk
    long_ago = timezone.now() - datetime.timedelta(days=30)
    assert {row.region_id for row in MODELS.run(region_ids=[montreal], since=long_ago)} == {montreal}
    assert {row.region_id for row in MODELS.run(region_ids=[estrie], since=long_ago)} == {estrie}
    # The same shape with a later moment: nothing was created after it.
    assert MODELS.run(region_ids=[estrie], since=timezone.now() + datetime.timedelta(days=1)) == []
    # A set, a tuple or a list with repeats are the same regions.
    assert len(MODELS.run(region_ids={montreal, estrie, montreal}, since=long_ago)) == 6


def test_named_tuples_dicts_tuples_and_flat_values_are_the_orm_s(data):
    since = timezone.now() - datetime.timedelta(days=1)
    region_ids = [region(MONTREAL).pk, region(ESTRIE).pk]
    statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.AWARDED]

    def build(region_ids, since, form):
        queryset = _applications(region_ids, since).filter(status__in=statuses).annotate(
            has_lines=Exists(BudgetLine.objects.filter(application=OuterRef("pk"))),
        ).order_by("-pk")
        fields = ("pk", "organisme__legal_name", "amount_awarded", "created_at", "has_lines")
        return {
            "named": lambda: queryset.values_list(*fields, named=True),
            "tuples": lambda: queryset.values_list(*fields),
            "dicts": lambda: queryset.values(*fields),
            "flat": lambda: queryset.values_list("amount_awarded", flat=True),
        }[form]()

    compiled = CompiledQuery(build)
    for form in ("named", "tuples", "dicts", "flat"):
        expected = list(build(region_ids, since, form))
        assert len(expected) == 4
        assert compiled.run(region_ids=region_ids, since=since, shape={"form": form}) == expected, form
    named = compiled.run(region_ids=region_ids, since=since, shape={"form": "named"})[0]
    assert isinstance(named.amount_awarded, (Decimal, type(None))) and named.has_lines is True


def test_dates_are_parameters_too():
    compiled = CompiledQuery(
        lambda day: Application.objects.filter(Q(created_at__date__lte=day)).values_list("pk", flat=True).order_by("pk")
    )
    made = ApplicationFactory()
    today = timezone.localdate()
    assert compiled.run(day=today) == [made.pk]
    assert compiled.run(day=today - datetime.timedelta(days=1)) == []


def test_an_empty_collection_gives_what_the_orm_gives(data):
    since = timezone.now() - datetime.timedelta(days=1)
    assert MODELS.run(region_ids=[], since=since) == _orm_models([], since) == []


def test_first_gives_one_row_or_none(data):
    compiled = CompiledQuery(lambda pk: Application.objects.filter(pk=pk).values_list("number", flat=True)[:1])
    application = data[MONTREAL][0]
    assert compiled.first(pk=application.pk) == application.number
    assert compiled.first(pk=application.pk + 10_000) is None


def test_a_value_not_carried_as_a_parameter_is_refused():
    # Used in Python only, or written into the SQL as a LIMIT is: every call would get the first one's.
    with pytest.raises(ValueError, match="not carried"):
        CompiledQuery(lambda pk: Application.objects.order_by("pk")).run(pk=3)
    with pytest.raises(ValueError):
        CompiledQuery(lambda count: Application.objects.order_by("-pk")[:count]).run(count=3)
    # A value computed from another: its parameter is none of the stand-ins.
    with pytest.raises(ValueError, match="cannot be traced"):
        CompiledQuery(lambda pk: Application.objects.filter(pk__gte=pk, pk__lte=pk + 10)).run(pk=3)
    # A flag is not a value: it goes in `shape`, which keys the SQL.
    with pytest.raises(TypeError, match="shape"):
        CompiledQuery(lambda shown: Application.objects.order_by("pk")[: 5 if shown else 1]).run(shown=True)
    limited = CompiledQuery(lambda shown: Application.objects.order_by("pk")[: 5 if shown else 1])
    ApplicationFactory.create_batch(3)
    assert len(limited.run(shape={"shown": True})) == 3
    assert len(limited.run(shape={"shown": False})) == 1


def test_a_query_whose_sql_changes_with_its_values_is_refused():
    compiled = CompiledQuery(
        lambda pk: Application.objects.filter(pk=pk) if pk % 2 else Application.objects.filter(pk=pk, title="")
    )
    with pytest.raises(ValueError, match="changes with its values"):
        compiled.run(pk=4)


def test_a_prefetch_is_refused():
    with pytest.raises(ValueError, match="prefetch"):
        CompiledQuery(lambda pk: Application.objects.filter(pk=pk).prefetch_related("budget_lines")).run(pk=1)


def test_the_sql_is_compiled_once_per_shape(data, monkeypatch):
    compiles = []
    compiled = CompiledQuery(lambda region_ids, since: compiles.append(1) or _applications(region_ids, since))
    since = timezone.now() - datetime.timedelta(days=1)
    for code in (MONTREAL, ESTRIE, LAURENTIDES):
        compiled.run(region_ids=[region(code).pk], since=since)
    assert len(compiles) == 2  # built twice on the first call (the second checks the SQL), then never
    compiled.run(region_ids=None, since=since)
    assert len(compiles) == 4  # a new shape: no region filter
    assert {row.tier_id for row in compiled.run(region_ids=None, since=since)} == {tier().pk}


def test_through_the_orm_runs_the_queryset_itself(data):
    since = timezone.now() - datetime.timedelta(days=1)
    compiled = CompiledQuery(lambda region_ids, since: _applications(region_ids, since).order_by("pk"))
    with through_the_orm():
        rows = compiled.run(region_ids=[region(MONTREAL).pk], since=since)
    assert compiled._compiled == {}  # nothing compiled: the queryset ran as it is
    assert rows == list(_applications([region(MONTREAL).pk], since).order_by("pk")) == compiled.run(
        region_ids=[region(MONTREAL).pk], since=since
    )


def test_rows_kept_as_prefetched_are_read_without_a_query(data, django_assert_num_queries):
    from dataide.compiled import prefetched

    application = data[MONTREAL][2]
    lines = CompiledQuery(lambda pk: BudgetLine.objects.filter(application_id=pk)).run(pk=application.pk)
    assert lines == list(BudgetLine.objects.filter(application=application))
    prefetched(application, "budget_lines", lines)
    with django_assert_num_queries(0):
        assert list(application.budget_lines.all()) == lines
        assert all(line.application is application for line in application.budget_lines.all())
    # Another question of the relation is asked of the database, as after a prefetch.
    with django_assert_num_queries(1):
        assert application.budget_lines.filter(amount__gt=10_000).count() == 0


def test_small_positive_integer_fields_take_values_as_any_other():
    """Django finds no row for a value outside a field's range (a negative stand-in for a positive
    field would have compiled to no SQL at all): the stand-ins are inside every integer range."""
    from applications.models import BudgetLine

    application = ApplicationFactory()
    for position in (0, 3):
        BudgetLine.objects.create(application=application, position=position, category="equipment", description="x", amount=1)
    compiled = CompiledQuery(lambda position: BudgetLine.objects.filter(position=position).values_list("position", flat=True))
    assert compiled.run(position=3) == [3] and compiled.run(position=0) == [0] and compiled.run(position=7) == []
    # Beyond a small column's range, and beyond any integer column's (typed in a URL): no row, as
    # the ORM says, not a refusal of the value (a prepared statement's parameter has a type).
    assert compiled.run(position=2**40) == [] and compiled.run(position=10**20) == []
    assert list(BudgetLine.objects.filter(position=2**40)) == [] == list(BudgetLine.objects.filter(position=10**20))


@pytest.mark.parametrize("regions", [None, [], [MONTREAL], [ESTRIE, LAURENTIDES]])
def test_a_compiled_count_is_the_orm_s(data, regions, django_assert_num_queries):
    counted = CompiledCount(lambda region_ids, since: _applications(region_ids, since).order_by("pk"))
    region_ids = None if regions is None else [region(code).pk for code in regions]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    expected = _applications(region_ids, long_ago).count()
    assert expected == 3 * (3 if regions is None else len(regions))
    with django_assert_num_queries(1 if regions != [] else 0):
        assert counted.count(region_ids=region_ids, since=long_ago) == expected
    assert counted.count(region_ids=region_ids, since=timezone.now() + datetime.timedelta(days=1)) == 0
    with through_the_orm():
        assert counted.count(region_ids=region_ids, since=long_ago) == expected


def _several(region_ids, since):
    """Counted sets as « Ce que nous détenons » gives them: several tables, a join, one set that can match no row."""
    queue = _applications(region_ids, since)
    return {
        "applications": queue, "drafts": queue.filter(status=ApplicationStatus.DRAFT),
        "lines": BudgetLine.objects.filter(application__in=queue), "nothing": Application.objects.none(),
    }


@pytest.mark.parametrize("regions", [None, [], [MONTREAL], [ESTRIE, LAURENTIDES]])
def test_compiled_counts_are_the_orm_s_in_one_statement(data, regions, django_assert_num_queries):
    counted = CompiledCounts(_several)
    region_ids = None if regions is None else [region(code).pk for code in regions]
    long_ago = timezone.now() - datetime.timedelta(days=30)
    expected = {name: queryset.count() for name, queryset in _several(region_ids, long_ago).items()}
    assert expected["applications"] == 3 * (3 if regions is None else len(regions)) == expected["lines"]
    assert expected["drafts"] == expected["applications"] // 3 and expected["nothing"] == 0
    with django_assert_num_queries(1 if regions != [] else 0):  # every set empty: no SQL at all
        assert counted.counts(region_ids=region_ids, since=long_ago) == expected
    assert counted.counts(region_ids=region_ids, since=timezone.now() + datetime.timedelta(days=1)) == dict.fromkeys(expected, 0)
    with through_the_orm():
        assert counted.counts(region_ids=region_ids, since=long_ago) == expected


def test_compiled_counts_of_no_set_run_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert CompiledCounts(lambda key: {}).counts(key=1) == {}


def test_compiled_counts_whose_names_follow_the_values_are_refused():
    counted = CompiledCounts(lambda key: {f"applications of {key}": Application.objects.filter(organisme_id=key)})
    with pytest.raises(ValueError, match="names change"):
        counted.counts(key=1)


def test_a_positive_field_takes_values_and_stand_ins_outside_a_range_are_refused(monkeypatch):
    """OutboxMessage.addressee_id is a positive integer field: compiled, it finds the values' rows.
    Were the stand-ins outside a field's range, Django would find no row for them (no SQL at all)
    and the compiled query none whatever the values: that is refused, never read as empty."""
    from dataide import compiled as compiled_module
    from dataide.outbox.models import OutboxMessage

    mine = OutboxMessage.objects.create(template="t", recipient_email="a@exemple.org", addressee_id=3)
    OutboxMessage.objects.create(template="t", recipient_email="b@exemple.org", addressee_id=4)
    addressed = CompiledQuery(lambda addressee_id: OutboxMessage.objects.filter(addressee_id=addressee_id))
    assert addressed.run(addressee_id=3) == [mine] == list(OutboxMessage.objects.filter(addressee_id=3))
    assert addressed.run(addressee_id=5) == []
    monkeypatch.setattr(compiled_module, "_INT_BASE", -7_400_000_000)
    with pytest.raises(ValueError, match="stand-ins find no row"):
        CompiledQuery(lambda addressee_id: OutboxMessage.objects.filter(addressee_id=addressee_id)).run(addressee_id=3)
    empty = CompiledQuery(lambda pks: Application.objects.filter(pk__in=pks))
    assert empty.run(pks=[]) == []  # an empty collection still finds no row, without a query


def test_strings_are_parameters_too(data):
    compiled = CompiledQuery(
        lambda names, region_ids: Application.objects.filter(organisme__legal_name__in=names, organisme__region__in=region_ids)
        .values_list("pk", flat=True).order_by("pk")
    )
    montreal, estrie = data[MONTREAL], data[ESTRIE]
    names = [montreal[0].organisme.legal_name, montreal[2].organisme.legal_name, estrie[1].organisme.legal_name]
    assert compiled.run(names=names, region_ids=[region(MONTREAL).pk]) == sorted([montreal[0].pk, montreal[2].pk])
    assert compiled.run(names=names, region_ids=[region(ESTRIE).pk]) == [estrie[1].pk]
    one = CompiledQuery(lambda name: Application.objects.filter(organisme__legal_name=name).values_list("pk", flat=True))
    assert one.run(name=estrie[1].organisme.legal_name) == [estrie[1].pk]
    assert one.run(name=montreal[0].organisme.legal_name) == [montreal[0].pk]
    assert one.run(name="") == []
    # A text with SQL wildcards is compared as itself, not as a pattern.
    assert one.run(name="%") == []


def test_a_string_a_lookup_rewrites_is_refused():
    # `__icontains` sends %value%: every call would search for the stand-in.
    with pytest.raises(ValueError, match="not carried"):
        CompiledQuery(lambda text: Application.objects.filter(title__icontains=text)).run(text="Données")


def _statements(connection) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'dataide_compiled_%%' ORDER BY name")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
def test_on_postgresql_the_sql_is_prepared_once_per_connection_then_executed(data, django_assert_num_queries):
    from django.db import connection

    compiled = CompiledQuery(lambda region_ids, since: _applications(region_ids, since).order_by("pk"))
    since = timezone.now() - datetime.timedelta(days=1)
    montreal_id, estrie_id = region(MONTREAL).pk, region(ESTRIE).pk
    with django_assert_num_queries(1) as first:  # PREPARE and EXECUTE in one statement
        montreal = compiled.run(region_ids=[montreal_id], since=since)
    assert first.captured_queries[0]["sql"].startswith("PREPARE dataide_compiled_")
    name = compiled._compiled[next(iter(compiled._compiled))].statement
    assert name in _statements(connection)
    with django_assert_num_queries(1) as second:
        estrie = compiled.run(region_ids=[estrie_id], since=since)
    assert second.captured_queries[0]["sql"].startswith(f"EXECUTE {name}(")
    assert montreal == list(_applications([montreal_id], since).order_by("pk")) != estrie
    assert estrie == list(_applications([estrie_id], since).order_by("pk"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(data):
    from django.db import connection

    compiled = CompiledQuery(lambda pk: Application.objects.filter(pk=pk))
    application = data[ESTRIE][0]
    assert compiled.run(pk=application.pk) == [application]
    connection.close()  # the next query opens a new connection, with no statement prepared
    assert compiled.run(pk=application.pk) == [application]
    assert compiled._compiled[next(iter(compiled._compiled))].statement in _statements(connection)


@pytest.mark.postgres
def test_a_failed_first_execute_leaves_the_statement_usable(data, django_assert_num_queries):
    """Prepared, then its EXECUTE failed (here a statement timeout): the next call finds it
    prepared instead of preparing it again (which PostgreSQL refuses)."""
    from django.db import OperationalError, connection, transaction
    from django.db.models import IntegerField
    from django.db.models.expressions import RawSQL

    slow = RawSQL("(SELECT 1 FROM pg_sleep(0.05))", (), output_field=IntegerField())
    compiled = CompiledQuery(lambda pk: Application.objects.filter(organisme_id=pk).annotate(slept=slow))
    organisme = data[MONTREAL][0].organisme
    with pytest.raises(OperationalError, match="timeout"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 10")
        compiled.run(pk=organisme.pk)
    expected = list(Application.objects.filter(organisme=organisme))
    with django_assert_num_queries(2):  # the check, once, then the EXECUTE
        assert compiled.run(pk=organisme.pk) == expected
    with django_assert_num_queries(1):
        compiled.run(pk=organisme.pk)


@pytest.mark.postgres
def test_a_literal_percent_sign_survives_the_prepared_statement(data):
    from django.db.models import CharField
    from django.db.models.expressions import RawSQL
    from django.db.models.functions import Concat

    # Written into the SQL (a Value would be a parameter), doubled for the driver's formatting.
    percent = RawSQL("' 100 %%'", (), output_field=CharField())
    compiled = CompiledQuery(
        lambda pk: Application.objects.filter(pk=pk)
        .annotate(share=Concat("organisme__legal_name", percent, output_field=CharField()))
        .values_list("share", flat=True)
    )
    application = data[LAURENTIDES][1]
    expected = [f"{application.organisme.legal_name} 100 %"]
    assert compiled.run(pk=application.pk) == expected
    assert compiled.run(pk=application.pk) == expected  # executed, not prepared


@pytest.mark.postgres
def test_prepared_statements_can_be_turned_off(data, settings, django_assert_num_queries):
    settings.DATABASE_PREPARED_STATEMENTS = False
    compiled = CompiledQuery(lambda pk: Application.objects.filter(pk=pk))
    application = data[MONTREAL][1]
    with django_assert_num_queries(1) as plain:
        assert compiled.run(pk=application.pk) == [application]
    assert plain.captured_queries[0]["sql"].startswith("SELECT")
