"""The organisme a request acts for, and the one way organisme views fetch what they name by id.

A person may belong to several organismes; every applicant page acts for one of them, the one
chosen with the switcher (`acting_membership`). Objects are looked up within that organisme only:
"missing", "not yours" and "another of your organismes" give the same 404. Whether the person may
act on what they see (only a responsible person approves or removes) is the services' rule,
explained on the page.
"""

from django.http import Http404

from dataide.compiled import CompiledQuery

from .models import Invitation, InvitationStatus, JoinRequest, Membership
from .selectors import HeaderOrganisme, header_organismes_of, memberships_of, messages_received

# The session remembers the choice of this browser; the membership's `last_chosen_at` remembers
# it for the next session.
SESSION_KEY = "organismes_acting_for"


# Every organisme page reads them: the same SQL each time, compiled once per process.
_MEMBERSHIPS = CompiledQuery(lambda user_pk: memberships_of(user_pk))


def memberships_for_request(request) -> list[Membership]:
    """The person's memberships, fetched once per request (the navbar's switcher reuses them)."""
    if not hasattr(request, "_organismes_memberships"):
        user = request.user
        signed_in = getattr(user, "is_authenticated", False)
        request._organismes_memberships = _MEMBERSHIPS.run(user_pk=user.pk) if signed_in else []
    return request._organismes_memberships


def acting_membership(request) -> Membership | None:
    """The membership this request acts for: the organisme chosen in this session, else the one
    the person chose last, else their oldest. A membership removed meanwhile is simply no longer
    among theirs, so the request falls back to the next one (or to none)."""
    return _chosen(memberships_for_request(request), request)


def _chosen(candidates: list, request):
    """The session's choice among `candidates` (anything with an `organisme_id`), else the first."""
    chosen = request.session.get(SESSION_KEY)
    return next((c for c in candidates if c.organisme_id == chosen), candidates[0] if candidates else None)


def header_organismes(request) -> tuple[HeaderOrganisme, list[HeaderOrganisme]] | None:
    """The organisme the header says the person acts for, and their others by name: from the
    memberships the view already fetched, else from the cache, so a page that acts for no organisme
    pays no query for its header. Only the header reads the cache: a page acting for an organisme
    fetches the memberships live (`acting_membership`)."""
    if not getattr(request.user, "is_authenticated", False):
        return None
    fetched = getattr(request, "_organismes_memberships", None)
    if fetched is None:
        candidates = header_organismes_of(request.user)
    else:
        candidates = [HeaderOrganisme(m.organisme_id, m.organisme.legal_name) for m in fetched]
    current = _chosen(candidates, request)
    if current is None:
        return None
    return current, sorted((c for c in candidates if c.organisme_id != current.organisme_id), key=lambda c: c.legal_name)


def acting_organisme(request):
    membership = acting_membership(request)
    return membership.organisme if membership else None


def remember_choice(request, membership: Membership) -> None:
    """Act for `membership`'s organisme in this session from now on (the service records it for
    the next sessions)."""
    request.session[SESSION_KEY] = membership.organisme_id


def _one_or_404(request, queryset, **lookups):
    if not getattr(request.user, "is_authenticated", False):
        raise Http404
    found = queryset.filter(**lookups).first()
    if found is None:
        raise Http404
    return found


def _in_acting_organisme(request, queryset, pk):
    organisme = acting_organisme(request)
    if organisme is None:
        raise Http404
    return _one_or_404(request, queryset, pk=pk, organisme=organisme)


def membership_to_act_for(request, organisme_pk) -> Membership:
    """The person's own membership of organisme `organisme_pk` (to switch to it)."""
    return _one_or_404(request, Membership.objects.select_related("organisme"), user=request.user, organisme_id=organisme_pk)


def join_request_for_request(request, pk) -> JoinRequest:
    return _in_acting_organisme(request, JoinRequest.objects.select_related("organisme", "user"), pk)


def membership_for_request(request, pk) -> Membership:
    """A membership of the organisme the request acts for."""
    return _in_acting_organisme(request, Membership.objects.select_related("organisme", "user"), pk)


def invitation_for_request(request, pk) -> Invitation:
    """An invitation sent by the organisme the request acts for (to cancel it)."""
    return _in_acting_organisme(request, Invitation.objects.select_related("organisme"), pk)


def invitation_addressed_to(request, token: str) -> Invitation:
    """A pending invitation addressed to the signed-in person's e-mail address, whatever organisme
    they act for."""
    return _one_or_404(
        request, Invitation.objects.select_related("organisme"),
        token=token, status=InvitationStatus.PENDING, email__iexact=getattr(request.user, "email", ""),
    )


def message_for_request(request, pk):
    """One message of the message centre: received by this person for the organisme the request
    acts for (another member's copy, another organisme's message: 404)."""
    organisme = acting_organisme(request)
    if organisme is None:
        raise Http404
    return _one_or_404(
        request, messages_received(organisme, request.user).defer(None), pk=pk,
    )
