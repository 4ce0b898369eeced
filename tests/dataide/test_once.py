"""`{% once %}` (dataide/templatetags/once.py): a part of a template rendered once per process for
each language. The layout renders, for every kind of person and in both languages, exactly as it
renders without the tag; a part sees only the variables it names, is rendered again in another
language, for another value of its variables and after a setting changed, and refuses a block."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, RequestContext, TemplateSyntaxError
from django.template.base import Node, NodeList, TextNode
from django.test import RequestFactory, override_settings
from django.urls import reverse, set_script_prefix
from django.utils import translation

from dataide.accounts.roles import Role
from dataide.templatetags.once import OnceNode
from organismes.models import MembershipRole
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory, UserFactory

PAGE = "portal:help"  # a page of the layout that every person may open
# What differs from one response to the next whatever the template: the CSRF token's mask, the CSP nonce.
PER_RESPONSE = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+"')


def _person(kind: str):
    if kind == "anonymous":
        return None
    if kind == "staff":
        return StaffUserFactory()
    roles = {"committee_member": [Role.COMMITTEE_MEMBER], "trainer": [Role.NORD_OUVERT_TRAINER]}.get(kind, [])
    person = UserFactory(roles=roles)
    for name in {"member": ["Le Pignon bleu"], "member_of_two": ["Le Pignon bleu", "La Maison des jeunes"]}.get(kind, []):
        MembershipFactory(user=person, organisme=OrganismeFactory(legal_name=name), role=MembershipRole.RESPONSIBLE)
    return person


def _page(client, language: str) -> str:
    with translation.override(language):
        html = client.get(reverse(PAGE)).content.decode()
    return PER_RESPONSE.sub(r'\1…"', html)


KINDS = ["anonymous", "member", "member_of_two", "committee_member", "trainer", "staff"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_layout_renders_as_without_the_tag(client, monkeypatch, kind):
    person = _person(kind)
    if person is not None:
        client.force_login(person)
    # Twice: the first page renders the parts, the second reads them.
    kept = {language: [_page(client, language), _page(client, language)] for language in ("fr-ca", "en")}
    monkeypatch.setattr(OnceNode, "render", lambda node, context: node.nodelist.render(context))
    for language, pages in kept.items():
        assert pages == [_page(client, language)] * 2
    assert kept["fr-ca"] != kept["en"]
    # Who has not answered the optional purposes is asked about them (staff never are).
    assert ('data-testid="consent-prompt"' in kept["en"][0]) == (kind not in ("anonymous", "staff"))


def _template(source: str):
    return Engine(libraries={"i18n": "django.templatetags.i18n", "once": "dataide.templatetags.once"}).from_string("{% load i18n once %}" + source)


def test_a_part_is_rendered_once_per_language():
    template = _template("{% once %}{% translate 'Menu' %}{% endonce %}")
    with translation.override("fr-ca"):
        assert template.render(Context()) == "Menu"
        template.nodelist.get_nodes_by_type(OnceNode)[0].nodelist = NodeList([TextNode("rendu de nouveau")])
        assert template.render(Context()) == "Menu"
    with translation.override("en"):
        assert template.render(Context()) == "rendu de nouveau"


def test_a_part_sees_only_the_variables_it_names_and_is_rendered_for_each_of_their_values():
    template = _template("{% once name %}{{ name }}·{{ person }}{% endonce %}")
    assert template.render(Context({"name": "a", "person": "Luce"})) == "a·"
    assert template.render(Context({"name": "b", "person": "Marc"})) == "b·"
    assert template.render(Context({"name": "a", "person": "Marc"})) == "a·"


def test_a_setting_changed_renders_the_part_again():
    template = _template("{% once %}{% translate 'Menu' %}{% endonce %}")
    first = template.render(Context())
    template.nodelist.get_nodes_by_type(OnceNode)[0].nodelist = NodeList([TextNode("rendu de nouveau")])
    assert template.render(Context()) == first
    with override_settings(PROGRAM_CONTACT_EMAIL="autre@exemple.org"):
        assert template.render(Context()) == "rendu de nouveau"


@pytest.mark.parametrize("inside", ["{% block content %}{% endblock %}", "{% now 'Y' %}", "{% csrf_token %}"])
def test_what_changes_from_page_to_page_is_refused_inside(inside):
    with pytest.raises(TemplateSyntaxError):
        _template("{% once %}" + inside + "{% endonce %}")


def test_a_part_cannot_reach_the_request():
    """A tag reading the context's request (as takes_context tags do) finds none inside a part."""

    class RequestProbe(Node):
        def render(self, context):
            return str(getattr(context, "request", None))

    part = OnceNode(NodeList([RequestProbe()]), [])
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    template = _template("")
    context = RequestContext(request)
    with context.bind_template(template):
        assert part.render(context) == "None"


def test_a_value_that_cannot_key_a_part_is_refused():
    with pytest.raises(TemplateSyntaxError):
        _template("{% once nav %}{{ nav }}{% endonce %}").render(Context({"nav": {"committee": True}}))


def test_a_part_follows_the_language_inside_one_render():
    template = _template(
        "{% for code in codes %}{% language code %}{% once %}{% translate 'Aller au contenu' %}{% endonce %}"
        "{% endlanguage %}|{% endfor %}"
    )
    assert template.render(Context({"codes": ["fr-ca", "en", "fr-ca"]})) == "Aller au contenu|Skip to content|Aller au contenu|"


def test_a_part_is_rendered_again_under_another_script_prefix():
    template = _template("{% once %}{% url 'portal:help' %}{% endonce %}")
    with translation.override("fr-ca"):
        help_page = reverse("portal:help")
        assert template.render(Context()) == help_page
        set_script_prefix("/sous-dossier/")
        try:
            assert template.render(Context()) == "/sous-dossier" + help_page
        finally:
            set_script_prefix("/")
        assert template.render(Context()) == help_page
