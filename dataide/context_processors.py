from django.conf import settings


def program_contact(request):
    return {"PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL}


def consent_prompt(request):
    """The optional purposes the signed-in person has not answered under their current text (new
    since sign-up, or reworded): a banner on every page asks until each is answered. Lazy, so a
    page that does not render the banner reads nothing, and the others read the cache; staff are not
    asked (they have no organisme's consents to give)."""
    from django.utils.functional import SimpleLazyObject
    from django.utils.translation import get_language

    from dataide.privacy.selectors import unanswered_purpose_labels

    def labels():
        user, match = request.user, request.resolver_match
        if not user.is_authenticated or user.is_staff or (match and match.view_name == "privacy:consents"):
            return []
        return unanswered_purpose_labels(user, get_language() or "fr-ca")

    return {"consent_prompt": SimpleLazyObject(labels)}


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
