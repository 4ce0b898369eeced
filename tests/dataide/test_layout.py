"""`{% extends %}` is the project's (dataide/templatetags/layout.py: the root layout's blocks found
once per compiled template): every template renders as Django's own tag renders it, on the first
render and on the next ones, through chains of layouts, `block.super`, a layout given as a
variable and a root with no block."""

import pytest
from django.template import Context, Engine, engines

from dataide.templatetags.layout import LayoutExtendsNode

TEMPLATES = {
    "root.html": "<title>{% block title %}Racine{% endblock %}</title>{% block body %}<p>corps</p>{% block inner %}i{% endblock %}{% endblock %}fin",
    "middle.html": "{% extends 'root.html' %}{% block title %}Milieu · {{ block.super }}{% endblock %}{% block inner %}[{{ block.super }}]{% endblock %}",
    "page.html": "{% extends 'middle.html' %}{% block inner %}{{ value }} {{ block.super }}{% endblock %}",
    "direct.html": "{% extends 'root.html' %}{% block body %}<main>{{ value }}</main>{% endblock %}",
    "bare.html": "texte seul {{ value }}",
    "on_bare.html": "{% extends 'bare.html' %}{% block body %}jamais{% endblock %}",
}


def _engine(builtins) -> Engine:
    # Cached, as the site's loaders are: the layouts are compiled once and rendered again.
    loaders = [("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])]
    return Engine(loaders=loaders, builtins=builtins)


@pytest.mark.parametrize("name", ["page.html", "direct.html", "on_bare.html"])
def test_a_template_renders_as_with_djangos_extends_every_time(name):
    ours, djangos = _engine(["dataide.templatetags.layout"]), _engine([])
    assert isinstance(ours.get_template(name).nodelist[0], LayoutExtendsNode)
    for value in ["<un>", "deux"]:  # the second render reads the blocks kept by the first
        expected = djangos.get_template(name).render(Context({"value": value}))
        assert ours.get_template(name).render(Context({"value": value})) == expected
    assert ours.get_template("page.html").render(Context({"value": "v"})) == "<title>Milieu · Racine</title><p>corps</p>v [i]fin"


def test_the_root_layouts_blocks_are_searched_once():
    ours = _engine(["dataide.templatetags.layout"])
    root = ours.get_template("root.html")
    searches, search = [], root.nodelist.get_nodes_by_type
    root.nodelist.get_nodes_by_type = lambda node_type: searches.append(node_type) or search(node_type)
    for value in range(3):
        ours.get_template("direct.html").render(Context({"value": value}))
    assert len(searches) == 1


def test_a_layout_given_as_a_variable():
    ours, djangos = _engine(["dataide.templatetags.layout"]), _engine([])
    for engine in (ours, djangos):
        layout = engine.get_template("root.html")
        page = engine.from_string("{% extends layout %}{% block inner %}{{ value }}{% endblock %}")
        assert page.render(Context({"layout": layout, "value": "x"})) == "<title>Racine</title><p>corps</p>xfin"


def test_the_sites_templates_use_it():
    template = engines["django"].from_string("{% extends 'base.html' %}{% block content %}contenu{% endblock %}")
    assert isinstance(template.template.nodelist[0], LayoutExtendsNode)
