from django import template

from organismes.access import header_organismes

register = template.Library()


@register.simple_tag(takes_context=True)
def acting_for(context):
    """The organisme the page acts for and the person's other organismes (the navbar's switcher):
    no query of its own (organismes.access.header_organismes)."""
    request = context.get("request")
    found = header_organismes(request) if request is not None else None
    if found is None:
        return None
    current, others = found
    return {"organisme": current, "others": others}
