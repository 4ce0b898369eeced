"""What the portal holds about a person or an organisme, declared by the apps that hold it.

The core imports no domain app, so each app contributes its categories from its AppConfig.ready
(a small `privacy.py` module per app), as the dashboard panels and the outbox's attachments do.
« Ce que nous détenons », the portability ZIP (P-39.1 s. 27, 3rd para.: a structured, commonly used
technological format) and the retention task all read this one list, so a category shown to a
person is exactly one that the export contains and the retention task applies.
"""

from collections.abc import Callable
from dataclasses import dataclass

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


_categories: dict[str, Category] = {}
_organisme_resolvers: list[Callable] = []
_read_views: dict[str, Callable] = {}


def register(category: Category) -> Category:
    if category.subject not in (PERSON, ORGANISME):
        raise ValueError(f"Unknown privacy subject {category.subject!r}")
    if category.key in _categories and _categories[category.key] != category:
        raise ValueError(f"Privacy category {category.key!r} registered twice")
    _categories[category.key] = category
    return category


def categories(subject: str) -> list[Category]:
    return [category for category in _categories.values() if category.subject == subject]


def register_organisme_resolver(resolver: Callable) -> None:
    """`resolver(request)` → the organisme the request's person is responsible for, or None: the
    organisme's « Ce que nous détenons » page and export are the responsible person's."""
    if resolver not in _organisme_resolvers:
        _organisme_resolvers.append(resolver)


def responsible_organisme(request):
    return next((found for found in (resolve(request) for resolve in _organisme_resolvers) if found), None)


def register_read_view(url_name: str, describe: Callable) -> None:
    """Log reads of the page named `url_name` ("namespace:name"). `describe(request, kwargs)`
    returns a `dataide.privacy.readlog.Read` (or None when it is not an organisme's file)."""
    _read_views[url_name] = describe


def read_view(url_name: str) -> Callable | None:
    return _read_views.get(url_name)


def values(queryset, *fields) -> list[dict]:
    """The rows of an export: plain values (the ZIP writer serialises dates and amounts)."""
    return list(queryset.values(*fields))
