"""dataide.reversing: links reversed once per process give what `reverse` gives, in each language,
under each script prefix (a site served below a path) and URLconf, with each row's own id."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from dataide.reversing import pk_url, view_url


@pytest.fixture
def script_prefix():
    yield set_script_prefix
    set_script_prefix("/")


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@pytest.mark.parametrize("prefix", ["/", "/portail/"])
def test_the_links_are_the_ones_reverse_gives(language, prefix, script_prefix):
    script_prefix(prefix)
    with translation.override(language):
        for pk in (1, 42, 987_654):
            assert pk_url("admin:applications_application_change")(pk) == reverse("admin:applications_application_change", args=[pk])
            assert pk_url("committees:decide", 7)(pk) == reverse("committees:decide", args=[7, pk])
        assert view_url("admin:applications_application_changelist") == reverse("admin:applications_application_changelist")
        assert view_url("admin:index").startswith(prefix)


def test_each_language_and_prefix_has_its_own_link(script_prefix):
    with translation.override("fr-ca"):
        french = view_url("admin:index")
    with translation.override("en"):
        english = view_url("admin:index")
    script_prefix("/portail/")
    with translation.override("en"):
        below = view_url("admin:index")
    assert len({french, english, below}) == 3


def test_another_urlconf_has_its_own_links():
    with pytest.raises(NoReverseMatch):
        view_url("bench_baseline")
    with override_settings(ROOT_URLCONF="devtools.bench.urls"):
        assert view_url("bench_baseline") == reverse("bench_baseline") == "/bench/baseline/"


def test_one_where_reads_the_language_once_and_only_inside_it(script_prefix):
    from dataide.reversing import one_where

    name = "admin:applications_application_changelist"
    with translation.override("fr-ca"):
        french = reverse(name)
        with one_where():
            assert view_url(name) == french and pk_url("admin:applications_application_change")(3) == reverse(
                "admin:applications_application_change", args=[3]
            )
            with one_where():
                assert view_url(name) == french
    with translation.override("en"):
        assert view_url(name) == reverse(name) != french  # the block is over: the language is read again
