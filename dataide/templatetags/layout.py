"""`{% extends %}` as Django's, with the root layout's blocks found once per compiled template.

A builtin of the project's template engine (settings: TEMPLATES' `builtins`), so every template's
`{% extends %}` is this one. Django's ExtendsNode searches the whole node tree of the root layout
(base.html) for its blocks on every render: some 700 Python calls a page, the same answer every
time, since a compiled template never changes (the cached loader keeps it; a template loaded again
is a new object, searched anew). `render` repeats Django 5.2's ExtendsNode.render with that search
kept: re-read it on a Django upgrade (tests/dataide/test_layout.py compares both)."""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()


class LayoutExtendsNode(ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        # The root layout's own blocks (a parent that extends another adds its blocks itself).
        block_context.add_blocks(_root_blocks(compiled_parent))
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


def _root_blocks(compiled: template.base.Template) -> dict:
    """{name: block} of `compiled` when it extends nothing, else {}: searched once per template."""
    blocks = compiled.__dict__.get("_root_blocks")
    if blocks is None:
        blocks = {}
        for node in compiled.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    blocks = {block.name: block for block in compiled.nodelist.get_nodes_by_type(BlockNode)}
                break
        compiled._root_blocks = blocks
    return blocks


@register.tag("extends")
def extends(parser, token):
    node = do_extends(parser, token)
    return LayoutExtendsNode(node.nodelist, node.parent_name)
