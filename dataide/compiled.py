"""Querysets compiled to SQL once per process, then run with each request's values.

Compiling a queryset (resolving its lookups, joins, subqueries and annotations into SQL) costs a
page's queue or access check several thousand Python calls, while PostgreSQL's answer is the cheap
part; the SQL itself depends only on the query's shape, not on the ids, dates or regions of the
request. So `CompiledQuery(build)` calls `build(**values)` once per shape with stand-in values no
row has, finds where each stand-in lands among the SQL's parameters, and from then on runs that SQL
with the request's values, turning rows into what the queryset itself would have returned (model
instances with their select_related objects and annotations, dicts, tuples, named tuples or flat
values), converted as the ORM converts them; `CompiledCount(build).count(**values)` is the queryset's
`.count()` the same way, and `CompiledCounts(build).counts(**values)` the `.count()` of each of
several querysets in one statement. Tests compare both paths (tests/dataide/test_compiled.py).

What shapes the SQL, and so keys it: which database; every value that is None (a filter left out);
the length of every collection (`__in` over two regions is not the SQL of one); every value passed
in `shape` (a language, a flag: handed to `build` unchanged). A value the SQL
does not carry as a parameter (written into the SQL, or used by `build` in Python) is refused
when compiling, as is a build whose SQL changes with the values themselves: both would be wrong
silently otherwise. `build` must not read the database either (a content type's id, a setting
row): what it read would be compiled into the SQL for the life of the process; pass it as a value.

On PostgreSQL each compiled SQL is also a prepared statement of the connection (PREPARE once per
connection, then EXECUTE): PostgreSQL then plans it once instead of on every request (planning was
most of a page's database time: 1 ms to plan a query that runs in 0.2 ms). Prepared statements live
as long as the connection, so they need a direct connection or a session-pooling proxy;
DATABASE_PREPARED_STATEMENTS=false turns them off (behind a transaction-pooling PgBouncer).

What ModelIterable does is repeated from Django 5.2's `django.db.models.query` (from_db, related
populators, annotation columns, converters): to re-check on a Django upgrade, which the tests do.
"""

import dataclasses
import datetime
import itertools
import re
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class

# Stand-in integers inside every integer field's range, small positive ones included: Django finds
# no row for a value outside its field's range (no SQL at all), whatever the values would find.
_INT_BASE = 30_001
_DATE_BASE = datetime.date(1001, 1, 1)
_MOMENT_BASE = datetime.datetime(1001, 1, 1, tzinfo=datetime.UTC)
# A text stand-in is compared as it is: a lookup that rewrites it (`__contains` wraps it in %…%,
# `__startswith` adds a %) leaves it nowhere among the parameters, and is refused.
_TEXT_BASE = "compiled-probe:"


def _probes(values: dict, offset: int) -> dict:
    """Stand-ins for `values`: the same kinds and lengths, no value any row has, all distinct
    (`offset` gives a second, different set to check the SQL does not depend on them)."""
    counter = itertools.count(offset)

    def probe(value):
        if isinstance(value, datetime.datetime):
            return _MOMENT_BASE + datetime.timedelta(minutes=next(counter))
        if isinstance(value, datetime.date):
            return _DATE_BASE + datetime.timedelta(days=next(counter))
        if isinstance(value, int) and not isinstance(value, bool):
            return _INT_BASE + next(counter)
        if isinstance(value, str):
            return f"{_TEXT_BASE}{next(counter)}"
        raise TypeError(
            f"CompiledQuery takes ints, strings, dates, datetimes, None and collections of them, not {value!r}: pass it in `shape`"
        )

    return {
        name: None if value is None else [probe(item) for item in value] if _is_collection(value) else probe(value)
        for name, value in values.items()
    }


def _is_collection(value) -> bool:
    return isinstance(value, Iterable) and not isinstance(value, (str, bytes))


def _items(value) -> list:
    """A collection's values in a fixed order, each once: `__in` reads them as a set."""
    return sorted(set(value))


def _fixed_order(values: dict) -> dict:
    """The values with each collection's items in a fixed order (`_items`)."""
    return {name: _items(value) if _is_collection(value) else value for name, value in values.items()}


def _shape_of(values: dict) -> tuple:
    return tuple(
        (name, None if value is None else ("many", len(_items(value))) if _is_collection(value) else type(value).__name__)
        for name, value in sorted(values.items())
    )


def _adapt(value, connection):
    """A value as the compiler writes it among the SQL's parameters."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _places(probes: dict, connection) -> dict:
    """(type, stand-in as the SQL's parameters hold it) → (value name, index in its collection, or
    None). Typed as adapted: SQLite's parameters hold moments and dates as text."""
    places = {}
    for name, value in probes.items():
        if value is None:
            continue
        for index, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
            adapted = _adapt(item, connection)
            places[(type(adapted), adapted)] = (name, index)
    return places


_statement_numbers = itertools.count(1)


@dataclass(frozen=True)
class _Compiled:
    db: str
    sql: str | None
    """None: the query can match no row (`__in` an empty collection), as the ORM finds without a
    query; its rows are then `make_rows([])`."""
    params: tuple
    slots: tuple
    """Per parameter: None (a constant of the query) or (value name, index in its collection)."""
    column_count: int
    converters: list
    make_rows: Callable
    """`make_rows(converted rows)` → what the queryset's iterable returns."""
    statement: str = dataclasses.field(init=False, default_factory=lambda: f"dataide_compiled_{next(_statement_numbers)}")
    """Its prepared statement's name on PostgreSQL: one per compiled SQL of the process."""

    def parameters(self, values: dict, connection) -> list:
        return [
            param if slot is None else _adapt(values[slot[0]] if slot[1] is None else values[slot[0]][slot[1]], connection)
            for param, slot in zip(self.params, self.slots, strict=True)
        ]


def prefetched(instance, relation: str, rows: list) -> None:
    """Keep `rows` as `instance`'s reverse relation `relation`, as prefetch_related keeps it (a
    CompiledQuery cannot prefetch: run the related rows as their own compiled query): then
    `instance.<relation>.all()` reads them without a query, and each row's link back is `instance`."""
    manager = getattr(instance, relation)
    for row in rows:
        manager.field.set_cached_value(row, instance)
    queryset = manager.get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


def user_with_pk(pk):
    """A user standing for `pk` in a queryset built for CompiledQuery: the query helpers that take
    a user (sits_on, conflicted…) read only its pk, which must reach `build` as a value."""
    return get_user_model()(pk=pk)


_through_orm = threading.local()


@contextmanager
def through_the_orm():
    """Within it, every CompiledQuery runs its queryset through the ORM: tests render a page both
    ways and compare (what a compiled query gives must be what the queryset gives)."""
    _through_orm.active = True
    try:
        yield
    finally:
        _through_orm.active = False


class CompiledQuery:
    """`build(**values, **shape)` → a queryset; `run(**values)` → its rows, from SQL compiled once
    per shape. Values are ints, strings, dates, aware datetimes, None, or collections of them
    (read as sets); `shape` holds what may change the SQL itself and is handed to `build` as is."""

    def __init__(self, build: Callable):
        self._build = build
        self._compiled: dict[tuple, _Compiled] = {}

    def run(self, *, shape: dict | None = None, **values) -> list:
        shape = shape or {}
        values = _fixed_order(values)
        if getattr(_through_orm, "active", False):
            return list(self._build(**values, **shape))
        key = (_shape_of(values), tuple(sorted(shape.items())))
        if key not in self._compiled:
            self._compiled[key] = self._compile(values, shape)
        compiled = self._compiled[key]
        if compiled.sql is None:
            return compiled.make_rows([])
        connection = connections[compiled.db]
        with connection.cursor() as cursor:
            _execute(cursor, compiled, compiled.parameters(values, connection), connection)
            rows = cursor.fetchall()
        return compiled.make_rows(self._converted(rows, compiled, connection))

    def first(self, *, shape: dict | None = None, **values):
        """The first row, or None (build the queryset with `[:1]`: the SQL is what it says)."""
        rows = self.run(shape=shape, **values)
        return rows[0] if rows else None

    @staticmethod
    def _converted(rows, compiled: _Compiled, connection) -> list:
        converted = []
        for row in rows:
            row = list(row[: compiled.column_count])
            for position, (converters, expression) in compiled.converters:
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            converted.append(row)
        return converted

    def _compile(self, values: dict, shape: dict) -> _Compiled:
        probes = _probes(values, 0)
        queryset = self._build(**probes, **shape)
        db = queryset.db  # the router's choice for the model
        connection = connections[db]
        if queryset._prefetch_related_lookups:
            raise ValueError("CompiledQuery cannot prefetch: prefetch after, or leave this queryset to the ORM")
        compiler = queryset.query.get_compiler(using=db)
        sql, params = _sql(compiler)
        again = _probes(values, 1_001)
        again_sql, again_params = _sql(self._build(**again, **shape).query.get_compiler(using=db))
        if sql is None and again_sql is None:
            if _sql(self._build(**values, **shape).query.get_compiler(using=db))[0] is not None:
                # Django finds no row for a value out of its field's range (a negative stand-in
                # for a positive integer field, were the stand-ins ever outside it): the compiled
                # query would silently find none.
                raise ValueError("The stand-ins find no row where the values would: leave this queryset to the ORM")
            return _Compiled(db=db, sql=None, params=(), slots=(), column_count=0, converters=[], make_rows=list)
        if again_sql != sql:
            raise ValueError("The query's SQL changes with its values: pass what shapes it in `shape`")
        places = _places(probes, connection)
        slots = tuple(places.get((type(param), param)) if _hashable(param) else None for param in params)
        missing = set(places.values()) - set(slots)
        if missing:
            raise ValueError(f"Values not carried as parameters of the SQL (written in it, or used in Python): {missing}")
        # With other stand-ins, every parameter must be the one the slots predict: a value computed
        # from another (`pk + 1`), or a constant that happens to equal a stand-in, would not be.
        again_places = {place: value for value, place in _places(again, connection).items()}
        predicted = [param if slot is None else again_places[slot][1] for param, slot in zip(params, slots, strict=True)]
        if list(again_params) != predicted:
            raise ValueError("The query's parameters follow its values in a way that cannot be traced: leave it to the ORM")
        columns = [column[0] for column in compiler.select[: compiler.col_count]]
        return _Compiled(
            db=db, sql=sql, params=tuple(params), slots=slots, column_count=compiler.col_count,
            converters=list(compiler.get_converters(columns).items()),
            make_rows=_row_maker(queryset, compiler, db),
        )


class CompiledCount:
    """`count(**values)` → how many rows the queryset `build(**values)` has, as `.count()` says,
    from SQL compiled once per shape: SELECT COUNT(*) over the queryset's own SQL (its ids)."""

    def __init__(self, build: Callable):
        self._build = build
        self._ids = _CountedQuery(build)

    def count(self, *, shape: dict | None = None, **values) -> int:
        if getattr(_through_orm, "active", False):
            values = _fixed_order(values)
            return self._build(**values, **(shape or {})).count()
        rows = self._ids.run(shape=shape, **values)
        return rows[0] if rows else 0


class _CountedQuery(CompiledQuery):
    """Its rows: one, the count of the rows its queryset has."""

    def __init__(self, build: Callable):
        super().__init__(lambda **values: build(**values).order_by().values_list("pk", flat=True))

    def _compile(self, values: dict, shape: dict) -> _Compiled:
        compiled = super()._compile(values, shape)
        if compiled.sql is None:
            return compiled
        return dataclasses.replace(
            compiled, sql=f"SELECT COUNT(*) FROM ({compiled.sql}) AS counted", column_count=1, converters=[],
            make_rows=lambda rows: [rows[0][0]],
        )


class CompiledCounts:
    """`counts(**values)` → {name: how many rows the queryset has, as `.count()` says} for every
    name → queryset of `build(**values)`, in one statement from SQL compiled once per shape: a
    SELECT of one scalar subquery per queryset, each CompiledCount's SQL. A page showing many
    counts (« Ce que nous détenons ») is then one query however many there are. The names must not
    change with the values; each queryset is compiled as CompiledCount compiles it, so each must
    carry every value as a parameter; one that can match no row (`.none()`) counts 0 without SQL."""

    def __init__(self, build: Callable):
        self._build = build
        self._query = _CountsQuery(build)

    def counts(self, *, shape: dict | None = None, **values) -> dict:
        if getattr(_through_orm, "active", False):
            values = _fixed_order(values)
            return {name: queryset.count() for name, queryset in self._build(**values, **(shape or {})).items()}
        return self._query.run(shape=shape, **values)[0]


class _CountsQuery(CompiledQuery):
    """Its rows: one, the dict of every name's count."""

    def _compile(self, values: dict, shape: dict) -> _Compiled:
        build = _built_once(self._build)  # once per set of values, not once per counted set
        names = list(build(**_probes(values, 0), **shape))
        if names != list(build(**_probes(values, 1_001), **shape)):
            raise ValueError("The counted sets' names change with the values: pass what shapes them in `shape`")
        parts = {name: _CountedQuery(_one_of(build, name))._compile(values, shape) for name in names}
        counted = [(name, part) for name, part in parts.items() if part.sql is not None]
        databases = {part.db for _name, part in counted}
        if len(databases) > 1:
            raise ValueError(f"Counts of one statement must read one database, not {sorted(databases)}")
        zeros, counted_names = dict.fromkeys(names, 0), [name for name, _part in counted]

        def make_rows(rows):  # no rows: no SQL, every set can match no row
            return [{**zeros, **(dict(zip(counted_names, rows[0], strict=True)) if rows else {})}]

        return _Compiled(
            db=databases.pop() if databases else DEFAULT_DB_ALIAS,
            sql="SELECT " + ", ".join(f"({part.sql})" for _name, part in counted) if counted else None,
            params=tuple(param for _name, part in counted for param in part.params),
            slots=tuple(slot for _name, part in counted for slot in part.slots),
            column_count=len(counted), converters=[], make_rows=make_rows,
        )


def _one_of(build: Callable, name) -> Callable:
    return lambda **values: build(**values)[name]


def _built_once(build: Callable) -> Callable:
    """`build`, remembering what it built for each set of values."""
    built = {}

    def once(**values):
        key = repr(sorted(values.items()))
        if key not in built:
            built[key] = build(**values)
        return built[key]

    return once


def _execute(cursor, compiled: _Compiled, parameters: list, connection) -> None:
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS or _beyond_bigint(parameters):
        cursor.execute(compiled.sql, parameters)
        return
    # On the wrapper, emptied by connection_created (a new connection has none prepared): name →
    # True, prepared; False, a first call failed, in its PREPARE or its EXECUTE (a timeout, a value
    # out of range): the connection says which.
    prepared = connection.__dict__.setdefault("_compiled_prepared", {})
    name = compiled.statement
    if prepared.get(name) is False:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_prepared_statements WHERE name = %s)", [name])
        prepared[name] = cursor.fetchone()[0]
    execute = f"EXECUTE {name}({', '.join(['%s'] * len(parameters))})" if parameters else f"EXECUTE {name}"
    if prepared.get(name):
        cursor.execute(execute, parameters)
        return
    prepared[name] = False
    _prepared_sql[name] = compiled.sql
    # One round trip, one statement as the query counts see it: PREPARE is not transactional (a
    # statement prepared in a transaction rolled back stays prepared), and its text goes through
    # the driver's formatting with the EXECUTE's values, so its literal %% stay doubled.
    types = ", ".join("bigint" if _is_int(parameter) else "unknown" for parameter in parameters)
    declared = f" ({types})" if parameters else ""
    cursor.execute(f"PREPARE {name}{declared} AS {_numbered(compiled.sql)}; {execute}", parameters)
    prepared[name] = True


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _beyond_bigint(parameters: list) -> bool:
    """An integer no integer column can hold (an id typed in a URL): run as plain SQL, where
    PostgreSQL compares it as a number and finds no row, instead of refusing it as a bigint."""
    return any(_is_int(parameter) and not -(2**63) <= parameter < 2**63 for parameter in parameters)


_prepared_sql: dict[str, str] = {}


def readable_sql(sql: str) -> str:
    """A statement as it was run, with the SQL a prepared statement of this process stands for in
    place of its `EXECUTE name(…)` (or `PREPARE name AS …; EXECUTE …`): for the tests and the bench
    that read which tables a page's statements touch."""
    executed = _EXECUTED.match(sql)
    return sql if executed is None else _prepared_sql.get(executed[1], sql)


_EXECUTED = re.compile(r"(?:PREPARE|EXECUTE) (dataide_compiled_\d+)\b")


def _forget_prepared(sender, connection, **kwargs) -> None:
    connection.__dict__["_compiled_prepared"] = {}


connection_created.connect(_forget_prepared, dispatch_uid="dataide.compiled.forget_prepared")

_PLACEHOLDER = re.compile(r"%([%s])")


def _numbered(sql: str) -> str:
    """Django's SQL with PostgreSQL's numbered parameters ($1, $2…) for PREPARE, in the order of
    its %s; its %% (a literal %, doubled for the driver's formatting) are kept."""
    numbers = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: "%%" if match.group(1) == "%" else f"${next(numbers)}", sql)


def _sql(compiler) -> tuple[str | None, tuple]:
    try:
        return compiler.as_sql()
    except EmptyResultSet:
        return None, ()


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _row_maker(queryset, compiler, db: str) -> Callable:
    """What the queryset's iterable makes of its converted rows: `maker(rows)` → list."""
    iterable = queryset._iterable_class
    if iterable is ModelIterable:
        return _model_maker(queryset, compiler, db)
    query = queryset.query
    names = list(query.selected) if getattr(query, "selected", None) else [
        *query.extra_select, *query.values_select, *query.annotation_select,
    ]
    if iterable is ValuesIterable:
        return lambda rows: [dict(zip(names, row, strict=False)) for row in rows]
    if iterable is NamedValuesListIterable:
        tuple_class = create_namedtuple_class(*(queryset._fields or names))
        return lambda rows: [tuple.__new__(tuple_class, row) for row in rows]
    if iterable is ValuesListIterable:
        return lambda rows: [tuple(row) for row in rows]
    if iterable is FlatValuesListIterable:
        return lambda rows: [row[0] for row in rows]
    raise ValueError(f"CompiledQuery cannot read rows as {iterable.__name__}")


def _model_maker(queryset, compiler, db: str) -> Callable:
    if queryset._known_related_objects:
        raise ValueError("CompiledQuery does not set known related objects: leave this queryset to the ORM")
    select, klass_info = compiler.select, compiler.klass_info
    model = klass_info["model"]
    model_columns = slice(klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1)
    init_list = [column[0].target.attname for column in select[model_columns]]
    annotations = list(compiler.annotation_col_map.items())
    populators = get_related_populators(klass_info, select, db)

    def make(rows):
        made = []
        for row in rows:
            instance = model.from_db(db, init_list, row[model_columns])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            made.append(instance)
        return made

    return make
