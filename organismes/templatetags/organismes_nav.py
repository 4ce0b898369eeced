from django import template

from organismes.access import acting_membership, memberships_for_request

register = template.Library()


@register.simple_tag(takes_context=True)
def acting_for(context):
    """The organisme the page acts for and the person's other organismes (the navbar's switcher),
    from the memberships the view already fetched: no query of its own on applicant pages."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return None
    current = acting_membership(request)
    if current is None:
        return None
    others = sorted((m for m in memberships_for_request(request) if m.pk != current.pk), key=lambda m: m.organisme.legal_name)
    return {"organisme": current.organisme, "others": others}
