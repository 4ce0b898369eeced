"""What the portal holds about a person or an organisme, declared by the apps that hold it.

The core imports no domain app, so each app contributes its categories from its AppConfig.ready
(a small `privacy.py` module per app), as the dashboard panels and the outbox's attachments do.
« Ce que nous détenons », the portability ZIP (P-39.1 s. 27, 3rd para.: a structured, commonly used
technological format) and the retention task all read this one list, so a category shown to a
person is exactly one that the export contains and the retention task applies.
"""

from collections.abc import Callable
from dataclasses import dataclass

from dataide.compiled import CompiledCounts

PERSON = "person"
ORGANISME = "organisme"


@dataclass(frozen=True)
class Category:
    key: str  # "app.name", unique; also the file name in the portability ZIP
    subject: str  # PERSON (export receives a User) or ORGANISME (receives an Organisme)
    label: str
    purpose: str
    retention: str  # the rule as the person reads it
    export: Callable  # subject -> list of dicts of JSON-serialisable values
    # subject's primary key -> the querysets whose rows the export lists, so « Ce que nous
    # détenons » counts every category in one query instead of running each export; None when the
    # export reads nothing from the database (the account itself). They are built from the key
    # alone and without reading the database, each carrying the key as a parameter: their SQL is
    # compiled once per process (row_counts, through dataide.compiled.CompiledCounts).
    counted: Callable | None = None


_categories: dict[str, Category] = {}
_read_views: dict[str, Callable] = {}


def register(category: Category) -> Category:
    if category.subject not in (PERSON, ORGANISME):
        raise ValueError(f"Unknown privacy subject {category.subject!r}")
    if category.key in _categories and _categories[category.key] != category:
        raise ValueError(f"Privacy category {category.key!r} registered twice")
    _categories[category.key] = category
    _counting_queries.clear()
    return category


def categories(subject: str) -> list[Category]:
    return [category for category in _categories.values() if category.subject == subject]


def row_counts(subject: str, target) -> dict[str, int]:
    """How many rows each category's export holds for `target`: one query for all of them, each
    counted set a scalar subquery of one SELECT, so the page stays a fixed number of queries
    however many categories the apps declare."""
    counts = {category.key: 0 if category.counted else len(category.export(target)) for category in categories(subject)}
    try:
        counted = _counting(subject).counts(key=target.pk)
    except ValueError as error:  # compiling refused a set: say which rule an app's set broke
        raise ValueError(f"The counted sets of {subject!r} must depend on the subject's primary key only: {error}") from error
    for (key, _index), rows in counted.items():
        counts[key] += rows
    return counts


# subject -> its counting query, its SQL compiled once per process (dataide.compiled): compiling
# some twenty querysets on every view was half the page's time. register() forgets them.
_counting_queries: dict[str, CompiledCounts] = {}


def _counting(subject: str) -> CompiledCounts:
    if subject not in _counting_queries:
        _counting_queries[subject] = CompiledCounts(lambda key: {
            (category.key, index): queryset
            for category in categories(subject) if category.counted
            for index, queryset in enumerate(category.counted(key))
        })
    return _counting_queries[subject]


@dataclass(frozen=True)
class OrganismeHooks:
    """How the core reaches the organisme a responsible person speaks for, without importing it."""

    for_request: Callable  # request -> the organisme the request acts for, if its person is responsible
    is_responsible: Callable  # (user, organisme_id) -> bool
    load: Callable  # organisme_id -> organisme


_organisme_hooks: list[OrganismeHooks] = []


def register_organisme_hooks(hooks: OrganismeHooks) -> None:
    _organisme_hooks[:] = [hooks]


def responsible_organisme(request):
    """The organisme whose « Ce que nous détenons » page and export are the request's person's."""
    return _organisme_hooks[0].for_request(request) if _organisme_hooks else None


def is_responsible(user, organisme_id) -> bool:
    return bool(_organisme_hooks) and _organisme_hooks[0].is_responsible(user, organisme_id)


def load_organisme(organisme_id):
    return _organisme_hooks[0].load(organisme_id)


def register_read_view(url_name: str, describe: Callable) -> None:
    """Log reads of the page named `url_name` ("namespace:name"). `describe(request, kwargs)`
    returns a `dataide.privacy.readlog.Read`, a list of them when the page hands over several
    files at once (a ZIP of documents), or None when it is not an organisme's file."""
    _read_views[url_name] = describe


def read_view(url_name: str) -> Callable | None:
    return _read_views.get(url_name)


def values(queryset, *fields) -> list[dict]:
    """The rows of an export: plain values (the ZIP writer serialises dates and amounts)."""
    return list(queryset.values(*fields))


_retention_rules: dict[str, Callable] = {}


def register_retention(name: str, rule: Callable) -> None:
    """`rule(now, schedule)` purges or anonymises what is due under `settings.PRIVACY_RETENTION`
    and returns how many records it changed. Rules keep every total the dashboards and the
    ministry report count: they blank personal content, they do not remove counted rows."""
    _retention_rules[name] = rule


def retention_rules() -> dict[str, Callable]:
    return dict(_retention_rules)


_closure_hooks: list[Callable] = []


def register_account_closure(hook: Callable) -> None:
    """`hook(user)` removes or anonymises what the app holds about a person closing their account,
    inside the closure's transaction. Organismes' records (applications, awards) are not personal
    and stay."""
    if hook not in _closure_hooks:
        _closure_hooks.append(hook)


def account_closure_hooks() -> list[Callable]:
    return list(_closure_hooks)
