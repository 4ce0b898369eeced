"""`{% once [name …] %}…{% endonce %}`: a part of a template that is the same for everybody in a
language, rendered once per process.

The layout's head, header, consent banner and footer are some forty `{% translate %}`, `{% url %}`
and `{% static %}` a page, the same answer every time in a language: some 1 400 Python calls on
every page. The part is rendered again for another active language, script prefix or URLconf (what
`{% url %}` reads), another value of a variable it names, or after a setting changed (tests'
`override_settings`). It sees only the variables it names: what it could know of the person
renders empty on the first page already, never kept for the next person. A `{% block %}` inside is
refused (it differs from page to page)."""

import weakref

from django import template
from django.core.signals import setting_changed
from django.template.defaulttags import CsrfTokenNode, NowNode
from django.template.loader_tags import BlockNode
from django.utils.translation import get_language

from dataide.reversing import url_root

register = template.Library()

# Each part keeps one rendering per key: a few languages, and variables named for their settings.
# A part whose variables took more values than that starts again (a safeguard, not a cache policy).
_MOST_KEPT = 32
_PLAIN = (str, int, bool)
_parts = weakref.WeakSet()  # the parts compiled, to forget their renderings when a setting changes
# The script prefix and URLconf, read once per template rendered (the handler set them before the
# view; a thread-local read each, some twenty Python calls): the language may change in between
# (`{% language %}`), so it is read by each part.
_URL_ROOT = "dataide.once.url_root"


class OnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, names: list[str]):
        self.nodelist = nodelist
        self.names = names
        self.rendered = {}
        _parts.add(self)

    def render(self, context) -> str:
        values = tuple(context.get(name) for name in self.names)
        if any(value is not None and type(value) not in _PLAIN for value in values):
            # A dict would not key the part, a model instance would key it by id, not by its text.
            raise template.TemplateSyntaxError(f"{{% once %}} ne nomme que du texte, des nombres ou des booléens : {self.names}.")
        root = context.render_context.get(_URL_ROOT)
        if root is None:
            root = context.render_context[_URL_ROOT] = url_root()
        key = (get_language(), root, context.autoescape, values)
        html = self.rendered.get(key)
        if html is None:
            if len(self.rendered) >= _MOST_KEPT:
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(self._part_context(context, values))
        return html

    def _part_context(self, context, values) -> template.Context:
        """A context of the named variables alone: not `context.new()`, which keeps the request
        (a tag reading `context.request` would keep one person's answer for everybody)."""
        part = template.Context(
            dict(zip(self.names, values, strict=True)),
            autoescape=context.autoescape, use_l10n=context.use_l10n, use_tz=context.use_tz,
        )
        part.template = context.template  # what {% include %} loads templates with
        return part


@register.tag("once")
def do_once(parser, token):
    names = token.split_contents()[1:]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% once %} ne peut contenir de {% block %} : il change d'une page à l'autre.")
    if nodelist.get_nodes_by_type(NowNode) or nodelist.get_nodes_by_type(CsrfTokenNode):
        raise template.TemplateSyntaxError("{% once %} ne peut contenir {% now %} ni {% csrf_token %} : ils changent à chaque page.")
    return OnceNode(nodelist, names)


def _forget(**kwargs):
    for part in list(_parts):
        part.rendered.clear()


setting_changed.connect(_forget)
