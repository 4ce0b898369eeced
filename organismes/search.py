"""What staff type in the admin's search box, found: an organisme's name without its accents or
with a typo (« Cafe » finds « Café », « Centr d'aide » finds « Centre d'aide »), its NEQ with or
without spaces, a member's courriel. The applications list adds the application number.

On PostgreSQL the name is compared with `unaccent` and pg_trgm's word similarity (both extensions
created by migration 0005); on SQLite (`make run` without a database server) it falls back to a
plain case-insensitive substring, so the box still works, without the tolerance."""

import re

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Lower

from .models import Membership

WORD_SIMILARITY = 0.6
"""pg_trgm's own default for word similarity: « Centr d'aide » against « Centre d'aide … »
scores 0.92, an unrelated name well under 0.3."""

_NEQ_PUNCTUATION = re.compile(r"[\s.\-]")


def _unaccented(expression):
    return Unaccent(Lower(expression))


def search_organismes(queryset, term: str, *, prefix: str = "", also: Q | None = None):
    """`queryset` limited to the rows whose organisme (reached through `prefix`, e.g.
    "organisme__") matches `term`; `also` adds conditions of the caller's own (e.g. the number)."""
    term = " ".join(term.split())
    if not term:
        return queryset
    matches = Q(**{f"{prefix}legal_name__icontains": term})
    digits = _NEQ_PUNCTUATION.sub("", term)
    if digits.isdigit():
        matches |= Q(**{f"{prefix}neq__contains": digits})
    if "@" in term:
        members = Membership.objects.filter(organisme=OuterRef(f"{prefix}pk"), user__email__icontains=term)
        matches |= Exists(members)
    if also is not None:
        matches |= also
    if connections[queryset.db].vendor == "postgresql":
        queryset = queryset.alias(
            name_similarity=TrigramWordSimilarity(_unaccented(Value(term)), _unaccented(F(f"{prefix}legal_name")))
        )
        matches |= Q(name_similarity__gte=WORD_SIMILARITY)
    return queryset.filter(matches)
