"""Conflicts of interest the portal knows without being told: a member belongs to the applying
organisme (any membership), or to an organisme the application names as a partner.

Two uses of the same rule:
- `automatic_conflict_filter` is part of `selectors.conflicted`, the filter every committee page
  goes through: the application disappears for the member, even when the membership began after
  the assignment;
- `record_automatic_conflicts` writes the reason down (a ConflictDeclaration with an automatic
  reason) when an application reaches a committee or a seat changes hands, so the member's score
  is never counted, the expected scorecards drop and staff read why in the admin.

Partners are stored by name only (the application form asks no NEQ): a partner matches a member's
organisme when the names are equal, ignoring case and surrounding spaces. A false match only hides
an application from one member, the safe direction."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower, Trim

from applications.models import Application, PartnerOrganisme
from organismes.models import Membership, Organisme
from organismes.selectors import header_organismes_of

from .models import ConflictDeclaration, ConflictReason


def _normalised(name: str) -> str:
    return name.strip().lower()


def member_organisme_ids(user) -> list[int]:
    """The organismes `user` belongs to, sorted: their header's (one of their cached facts,
    forgotten when a membership comes or goes and when an organisme is renamed). For most
    members, none."""
    return sorted({o.organisme_id for o in header_organismes_of(user)})


def automatic_conflict_filter(user, application_ref: str, organisme_ids=None) -> Q:
    """True for the rows whose application (`application_ref`: the path to it from the
    queryset's model) is of an organisme `user` belongs to, or names one as a partner. The
    filter holds the organismes' ids as values (`organisme_ids`, when the caller has them:
    `member_organisme_ids`): for most members, who belong to no organisme, it is empty."""
    if organisme_ids is None:
        organisme_ids = member_organisme_ids(user)
    if not organisme_ids:
        return Q()
    # The applications of the person's organismes, by id: a small set found through indexes. An
    # EXISTS on the application's organisme would join every row to its application (a scan of
    # all 50 000 applications at full scale) just to read that column.
    member_of = Q(**{f"{application_ref}__in": Application.objects.filter(organisme__in=organisme_ids)})
    # Both names normalised by the same SQL functions: the database's LOWER and TRIM need not agree
    # with Python's on accents and spaces, and a mismatch would show a conflicted member the file.
    names = Organisme.objects.filter(pk__in=organisme_ids).annotate(normalised=Lower(Trim("legal_name")))
    partner_of = Exists(
        PartnerOrganisme.objects.filter(application_id=OuterRef(application_ref))
        .annotate(normalised=Lower(Trim("name")))
        .filter(normalised__in=names.values("normalised"))
    )
    return member_of | partner_of


def automatic_reasons(assignments, users) -> dict[tuple[int, int], str]:
    """(assignment id, user id) → automatic reason, for the given assignments (with their
    application) and people. Three queries whatever their number."""
    user_ids = [user.pk for user in users]
    organismes_by_user: dict[int, set[int]] = {}
    names_by_user: dict[int, set[str]] = {}
    for user_id, organisme_id, legal_name in Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "organisme_id", "organisme__legal_name"
    ):
        organismes_by_user.setdefault(user_id, set()).add(organisme_id)
        names_by_user.setdefault(user_id, set()).add(_normalised(legal_name))
    application_ids = [assignment.application_id for assignment in assignments]
    partners: dict[int, set[str]] = {}
    for application_id, name in PartnerOrganisme.objects.filter(application_id__in=application_ids).values_list(
        "application_id", "name"
    ):
        partners.setdefault(application_id, set()).add(_normalised(name))
    reasons = {}
    for assignment in assignments:
        for user_id in user_ids:
            if assignment.application.organisme_id in organismes_by_user.get(user_id, ()):
                reasons[assignment.pk, user_id] = ConflictReason.AUTOMATIC_MEMBERSHIP
            elif partners.get(assignment.application_id, set()) & names_by_user.get(user_id, set()):
                reasons[assignment.pk, user_id] = ConflictReason.AUTOMATIC_PARTNER
    return reasons


def record_automatic_conflicts(assignments, users) -> list[ConflictDeclaration]:
    """Write the automatic conflicts of `users` on `assignments` (inside the caller's
    transaction). A member's earlier « no conflict » gives way to the fact; a conflict already
    recorded stays as it is. Returns the declarations written, for the caller's audit event."""
    reasons = automatic_reasons(assignments, users)
    if not reasons:
        return []
    existing = {
        (declaration.assignment_id, declaration.member_id): declaration
        for declaration in ConflictDeclaration.objects.select_for_update().filter(
            assignment__in=[assignment_id for assignment_id, _user in reasons],
            member_id__in=[user_id for _assignment, user_id in reasons],
        )
    }
    written = []
    for (assignment_id, user_id), reason in sorted(reasons.items()):
        declaration = existing.get((assignment_id, user_id))
        if declaration is not None and declaration.has_conflict:
            continue
        declaration = declaration or ConflictDeclaration(assignment_id=assignment_id, member_id=user_id)
        declaration.has_conflict = True
        declaration.reason = reason
        declaration.save()
        written.append(declaration)
    return written
