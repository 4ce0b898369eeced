"""Keeping each application above its committee's quorum when conflicts of interest remove
members: the alternate of a conflicted seat is called in (one e-mail), or staff are told none is
available (one e-mail). Called inside the transaction that recorded the conflict."""

from django.conf import settings
from django.db.models import Q

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.i18n import absolute_url
from dataide.outbox.services import queue_message

from .conflicts import automatic_reasons
from .models import AlternateCall, Assignment, ConflictDeclaration, Seat


def sits_on(user) -> Q:
    """Assignments `user` judges: those of a committee they sit on, and those they were called
    in on as an alternate. Uncorrelated IN subqueries: PostgreSQL plans them as it planned the
    EXISTS (one hashed subplan each), and Django builds them with half the work (no OuterRef to
    resolve), which every committee page pays on each request."""
    return Q(committee__in=Seat.objects.filter(user_id=user.pk).values("committee_id")) | Q(
        pk__in=AlternateCall.objects.filter(alternate__user_id=user.pk).values("assignment_id")
    )


def judges(user, assignment: Assignment) -> bool:
    return Assignment.objects.filter(sits_on(user), pk=assignment.pk).exists()


def keep_quorum(actor, assignment_ids) -> list[AlternateCall]:
    """For each assignment whose members without a conflict fall below the quorum, call the
    alternates of the conflicted seats' kinds, in their order, skipping those conflicted
    themselves; tell staff when some places stay empty. Returns the calls made."""
    calls = []
    for assignment in Assignment.objects.select_related("committee", "application").filter(pk__in=assignment_ids).order_by("pk"):
        calls += _keep_quorum(actor, assignment)
    return calls


def _keep_quorum(actor, assignment: Assignment) -> list[AlternateCall]:
    committee = assignment.committee
    judging = {seat.user_id: seat.kind for seat in committee.seats.all()}
    judging.update(
        {call.alternate.user_id: call.alternate.kind for call in assignment.alternate_calls.select_related("alternate")}
    )
    conflicted = set(
        ConflictDeclaration.objects.filter(assignment=assignment, has_conflict=True).values_list("member_id", flat=True)
    )
    missing = committee.quorum - len(set(judging) - conflicted)
    if missing <= 0:
        return []
    wanted_kinds = [kind for user_id, kind in judging.items() if user_id in conflicted]
    candidates = [
        alternate
        for alternate in committee.alternates.filter(kind__in=wanted_kinds).exclude(user_id__in=judging).select_related("user")
    ]
    blocked = {user_id for _assignment, user_id in automatic_reasons([assignment], [a.user for a in candidates])}
    calls = []
    for alternate in candidates:
        if missing <= 0:
            break
        if alternate.user_id in blocked:
            continue
        calls.append(AlternateCall.objects.create(assignment=assignment, alternate=alternate))
        missing -= 1
        record_event(
            actor=actor, action=AuditEventType.COMMITTEE_ALTERNATE_CALLED, target=assignment.application,
            committee=committee.pk, member=alternate.user_id, kind=alternate.kind,
        )
        language = alternate.user.preferred_language
        queue_message(
            template="alternate_called",
            recipient_email=alternate.user.email,
            recipient_user=alternate.user,
            language=language,
            context={
                "committee": committee,
                "application": assignment.application,
                "url": absolute_url("committees:dashboard", language),
            },
            about=assignment.application,
            addressee=committee,
        )
    if missing > 0:
        alert = queue_message(
            template="quorum_at_risk",
            recipient_email=settings.PROGRAM_CONTACT_EMAIL,
            language=settings.LANGUAGE_CODE,
            context={"committee": committee, "application": assignment.application, "missing": missing},
            about=assignment.application,
            addressee=committee,
            # Told once per shortfall: a further conflict that deepens it is news, a repeat is not.
            dedup_key=f"quorum_at_risk:{assignment.pk}:{missing}",
        )
        if alert is not None:
            record_event(
                actor=actor, action=AuditEventType.COMMITTEE_QUORUM_AT_RISK, target=assignment.application,
                committee=committee.pk, missing=missing,
            )
    return calls
