"""A bit of every queue of the staff home, in Montréal and in Estrie, with what must stay out of
each: the staff home's tests and the browser journey through it share it."""

from datetime import timedelta

from django.utils import timezone

from applications.conversation.models import ApplicationMessage
from applications.models import ApplicationStatus as S
from dataide.outbox.models import MessageStatus, OutboxMessage
from dataide.privacy.models import PrivacyRequest
from tests.committees.factories import CommitteeFactory, assign, declare, members
from tests.factories import region
from tests.staff.factories import (
    ESTRIE,
    MONTREAL,
    submitted_application,
)
from tests.trainings.factories import (
    CohortEnrolmentFactory,
    CohortFactory,
    NordOuvertCandidacyFactory,
    WebinarAttendanceFactory,
    WebinarSessionFactory,
)


def ago(days):
    return timezone.now() - timedelta(days=days)


def build_program_at_work():
    """A bit of every queue, in Montréal and in Estrie, with what must stay out of each."""
    data = {
        "old": submitted_application("AMO-2026-0001", submitted_at=ago(12)),
        "new": submitted_application("AMO-2026-0002", submitted_at=ago(2)),
        "estrie": submitted_application("AMO-2026-0003", region_code=ESTRIE, status=S.SCREENING, submitted_at=ago(5)),
    }
    submitted_application(None, status=S.DRAFT)
    for number, code in [("AMO-2026-0101", MONTREAL), ("AMO-2026-0102", MONTREAL), ("AMO-2026-0103", ESTRIE)]:
        submitted_application(number, region_code=code, status=S.ELIGIBLE)
    # Scoring over (deadline passed): ready to decide, and no scorecard reached the quorum.
    data["closed"] = closed = CommitteeFactory(
        name="Comité Montréal printemps", scoring_deadline=timezone.localdate() - timedelta(days=1)
    )
    assign(closed, number="AMO-2026-0201")
    assign(closed, number="AMO-2026-0202")
    # Still scoring, but two conflicts leave two seats for a quorum of three.
    estrie = CommitteeFactory(name="Comité Estrie", region=region(ESTRIE))
    problem = assign(estrie, number="AMO-2026-0301")
    for member in members(estrie)[:2]:
        declare(problem, member, has_conflict=True)
    # Its applications all decided: not a queue any more.
    finished = CommitteeFactory(name="Comité terminé")
    assign(finished, number="AMO-2026-0401", status=S.AWARDED)
    # Eligible again but still assigned (moved back by hand): not « to assign ».
    assign(finished, number="AMO-2026-0402", status=S.ELIGIBLE)
    for number, code in [("AMO-2026-0501", MONTREAL), ("AMO-2026-0502", MONTREAL), ("AMO-2026-0503", ESTRIE)]:
        submitted_application(number, region_code=code, status=S.WAITLISTED)
    data["held"] = WebinarSessionFactory(title="Webinaire tenu sans présences", starts_at=ago(3))
    WebinarAttendanceFactory(webinar=WebinarSessionFactory(title="Webinaire importé", starts_at=ago(4)))
    WebinarSessionFactory(title="Webinaire à venir")
    data["cohort"] = CohortFactory(name="Cohorte automne", capacity=2)
    CohortEnrolmentFactory(cohort=data["cohort"])
    CohortEnrolmentFactory(cohort=CohortFactory(name="Cohorte pleine", capacity=1))
    for code in [MONTREAL, MONTREAL, ESTRIE]:
        NordOuvertCandidacyFactory(organisme__region=region(code))
    data["failed"] = OutboxMessage.objects.create(
        recipient_email="echec@exemple.org", template="t", subject="Votre demande a été reçue", status=MessageStatus.FAILED
    )
    # Questions: the oldest waits 6 days; an answered one is out of the queue.
    for number, code, days in [("AMO-2026-0601", MONTREAL, 6), ("AMO-2026-0602", ESTRIE, 1)]:
        asked = ApplicationMessage.objects.create(
            application=submitted_application(number, region_code=code, status=S.IN_REVIEW), body="?"
        )
        ApplicationMessage.objects.filter(pk=asked.pk).update(created_at=ago(days))
    answered = submitted_application("AMO-2026-0603", status=S.IN_REVIEW)
    ApplicationMessage.objects.create(application=answered, body="Question ?")
    ApplicationMessage.objects.create(application=answered, body="Réponse", from_staff=True)
    today = timezone.localdate()
    for email, received, answered_on in [("retard@exemple.org", 33, None), ("bientot@exemple.org", 25, None),
                                         ("repondue@exemple.org", 20, today)]:
        PrivacyRequest.objects.create(
            kind=PrivacyRequest.Kind.ACCESS, requester_email=email, details="Mes données", answered_on=answered_on,
            received_on=today - timedelta(days=received), due_on=today - timedelta(days=received - 30),
        )
    OutboxMessage.objects.create(recipient_email="ok@exemple.org", template="t", subject="Envoyé", status=MessageStatus.SENT,
                                 sent_at=timezone.now())
    return data


