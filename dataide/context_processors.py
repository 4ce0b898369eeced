from django.conf import settings


def program_contact(request):
    return {"PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL}


def navigation(request):
    """What the header offers the signed-in person, computed once per page (one small query; the
    organisme acted for comes from organismes' `acting_for` tag)."""
    from django.utils.functional import SimpleLazyObject

    from dataide.accounts.roles import Role

    def links():
        user = request.user
        if not user.is_authenticated:
            return {}
        return {
            "committee": user.has_role(Role.COMMITTEE_MEMBER),
            "trainer": user.has_role(Role.NORD_OUVERT_TRAINER),
        }

    return {"nav": SimpleLazyObject(links)}
