"""Links for pages that print many rows from Python: a view's URL reversed once per process (per
language, script prefix and URLconf, which `reverse` reads), then each row's own id put in (fifty
`reverse` calls cost a list page more than the rest of a row; the staff home's items link to a few
pages each)."""

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# An id no row has, replaced by each row's own in the link reversed once.
_MARKER = 987654321987654


def pk_url(view_name: str, *args):
    """`pk → reverse(view_name, args=[*args, pk])` for an int `pk` (`args`: ints too)."""
    prefix, suffix = _reversed(view_name, args, *reverse_context())
    return lambda pk: f"{prefix}{pk}{suffix}"


def view_url(view_name: str) -> str:
    """`reverse(view_name)`, reversed once."""
    return _reversed(view_name, None, *reverse_context())[0]


# What `reverse` reads, read once for a block of code (`one_where`); None outside one.
_FIXED_WHERE: ContextVar[tuple | None] = ContextVar("reversing_where", default=None)


@contextmanager
def one_where():
    """Inside it, the links reversed here read the language, script prefix and URLconf once, as
    they are when it begins: each read costs some thirty calls, and the staff home's panels ask
    for some thirty links. For code that changes none of the three (no translation.override)."""
    token = _FIXED_WHERE.set(reverse_context())
    try:
        yield
    finally:
        _FIXED_WHERE.reset(token)


def reverse_context() -> tuple:
    """What `reverse` reads besides its arguments (as `one_where` fixed it, inside one)."""
    fixed = _FIXED_WHERE.get()
    if fixed is not None:
        return fixed
    return get_language(), *url_root()


def url_root() -> tuple:
    """What `reverse` reads besides its arguments and the language: the script prefix and the
    URLconf, which the request handler sets before the view runs."""
    return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@lru_cache(maxsize=1024)
def _reversed(view_name: str, args: tuple | None, language, script_prefix, urlconf) -> tuple[str, str]:
    """(the URL before the row's id, after it); without `args` (None), (the URL, "")."""
    if args is None:
        return reverse(view_name, urlconf=urlconf), ""
    prefix, suffix = reverse(view_name, args=[*args, _MARKER], urlconf=urlconf).split(str(_MARKER))
    return prefix, suffix
