"""Links for pages that print many rows from Python: a view's URL reversed once per process (per
language, script prefix and URLconf, which `reverse` reads), then each row's own id put in (fifty
`reverse` calls cost a list page more than the rest of a row; the staff home's items link to a few
pages each)."""

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


def reverse_context() -> tuple:
    """What `reverse` reads besides its arguments."""
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
