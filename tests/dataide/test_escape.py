"""dataide.formatting.escape writes what Django's autoescaping writes, for every kind of value the
pages printed from Python hand it."""

from decimal import Decimal

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import given
from hypothesis import strategies as st

from dataide.formatting import escape


@given(st.text())
def test_any_text_is_escaped_as_django_escapes_it(text):
    assert escape(text) == str(conditional_escape(text))


def test_safe_lazy_and_other_values_are_written_as_django_writes_them():
    values = [
        mark_safe('<b title="x">déjà</b>'), gettext_lazy("Soumise"), 5000, Decimal("4000.50"), None,
        "L'Œuvre & « Cie » <script>", 'a"b', 0,
    ]
    with override("en"):
        assert [escape(value) for value in values] == [str(conditional_escape(value)) for value in values]
    assert escape(mark_safe("<b>")) == "<b>" and escape("<b>") == "&lt;b&gt;"
