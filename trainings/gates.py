"""Which tiers' gates are open for an organisme, on what evidence, and what to do next.

This is the only place a gate is decided; the applications' eligibility builds on it. "At a given
moment" means evidence dated after `on` (the webinar's date, the completion date) does not count.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.compiled import CompiledQuery
from dataide.formatting import long_date
from organismes.models import Organisme
from programs.models import Gate

from .models import (
    LabEnrolment,
    NordOuvertCandidacy,
    WebinarAttendance,
    WebinarSession,
)

NEXT_WEBINARS_SHOWN = 3


@dataclass(frozen=True)
class GateStatus:
    gate: str
    is_open: bool
    evidence: str = ""
    evidence_date: date | None = None
    next_step: str = ""
    next_webinars: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Enrolment:
    """What the Nord Ouvert gate says of the organisme's cohort enrolment."""

    cohort_name: str
    cohort_ends_on: date
    completed_at: datetime | None


@dataclass(frozen=True)
class LabCompletion:
    leader_name: str
    completed_at: datetime


@dataclass(frozen=True)
class LabEnrolled:
    leader_name: str
    cohort_name: str


@dataclass(frozen=True)
class GateEvidence:
    """What the database says about an organisme's three gates on one day, read once and
    rendered in any language by `render_gates` without further queries."""

    attended_at: datetime | None  # the first attended webinar's start
    next_webinars: tuple
    cohort_enrolment: Enrolment | None
    has_candidacy: bool
    lab_completion: LabCompletion | None  # the first lab a leader completed by then
    lab_enrolment: LabEnrolled | None  # the first enrolment, in (completion, pk) order
    day_end: datetime


def gate_status(organisme, gate: str, *, on: date | None = None) -> GateStatus:
    return open_gates(organisme, on=on)[Gate(gate).value]


def open_gates(organisme, *, on: date | None = None) -> dict[str, GateStatus]:
    """The three gates for `organisme` on day `on` (today by default), in at most two queries."""
    return render_gates(gate_evidence(organisme, on=on))


def _evidence(organisme_pk, day_end):
    """The organisme's one row carrying every gate's evidence: each fact a subquery or a join."""
    first_attended = (
        WebinarAttendance.objects.filter(organisme=OuterRef("pk"), webinar__starts_at__lt=day_end)
        .order_by("webinar__starts_at").values("webinar__starts_at")[:1]
    )
    enrolments = LabEnrolment.objects.filter(leader__organisme=OuterRef("pk"), selected_at__lt=day_end).order_by(
        "completed_at", "pk"
    )
    completed = enrolments.filter(completed_at__lt=day_end)
    return (
        Organisme.objects.filter(pk=organisme_pk)
        .annotate(
            attended_at=Subquery(first_attended),
            candidacy=Exists(NordOuvertCandidacy.objects.filter(organisme=OuterRef("pk"), created_at__lt=day_end)),
            lab_completed_at=Subquery(completed.values("completed_at")[:1]),
            lab_completed_leader=Subquery(completed.values("leader__full_name")[:1]),
            lab_first_leader=Subquery(enrolments.values("leader__full_name")[:1]),
            lab_first_cohort=Subquery(enrolments.values("cohort__name")[:1]),
        )
        .values(
            "attended_at", "candidacy", "lab_completed_at", "lab_completed_leader", "lab_first_leader", "lab_first_cohort",
            selected_at=F("cohort_enrolment__selected_at"), completed_at=F("cohort_enrolment__completed_at"),
            cohort_name=F("cohort_enrolment__cohort__name"), cohort_ends_on=F("cohort_enrolment__cohort__ends_on"),
        )
    )


# Compiling the row's six subqueries cost the dashboard more Python than the rest of its gates.
_EVIDENCE = CompiledQuery(_evidence)


def gate_evidence(organisme, *, on: date | None = None, upcoming=None) -> GateEvidence:
    """The evidence of the three gates in one query (the first attended webinar, the cohort
    enrolment, the candidacy, the lab enrolments); the upcoming webinars are read only when no
    webinar was attended. `upcoming`: the webinars still to come today, nearest first (at least
    NEXT_WEBINARS_SHOWN of them, or all), when the page has already read them."""
    on = on or timezone.localdate()
    day_end = _local_midnight(on + timedelta(days=1))
    (facts,) = _EVIDENCE.run(organisme_pk=organisme.pk, day_end=day_end)
    attended_at = facts["attended_at"]
    enrolment = None
    if facts["selected_at"] is not None and facts["selected_at"] < day_end:
        enrolment = Enrolment(facts["cohort_name"], facts["cohort_ends_on"], facts["completed_at"])
    if attended_at:
        next_webinars = ()
    elif upcoming is not None and on == timezone.localdate():
        next_webinars = tuple(upcoming[:NEXT_WEBINARS_SHOWN])
    else:
        next_webinars = tuple(upcoming_webinars(on=on))
    return GateEvidence(
        attended_at=attended_at,
        next_webinars=next_webinars,
        cohort_enrolment=enrolment,
        # The candidacy only matters once a webinar is attended and before any enrolment.
        has_candidacy=bool(attended_at and not enrolment and facts["candidacy"]),
        lab_completion=None if facts["lab_completed_at"] is None else LabCompletion(
            facts["lab_completed_leader"], facts["lab_completed_at"]
        ),
        lab_enrolment=None if facts["lab_first_leader"] is None else LabEnrolled(
            facts["lab_first_leader"], facts["lab_first_cohort"]
        ),
        day_end=day_end,
    )


def render_gates(evidence: GateEvidence) -> dict[str, GateStatus]:
    """The three gates with their sentences in the active language; no query."""
    webinar = _webinar_gate(evidence)
    return {
        Gate.WEBINAR.value: webinar,
        Gate.NORD_OUVERT_TRAINING.value: _nord_ouvert_gate(evidence, webinar),
        Gate.LEADERSHIP_LAB.value: _leadership_lab_gate(evidence),
    }


def upcoming_webinars(*, on: date | None = None, limit: int = NEXT_WEBINARS_SHOWN):
    """Webinars still to come on day `on` (those already started today are not offered)."""
    today = timezone.localdate()
    start = timezone.now() if on is None or on <= today else _local_midnight(on)
    return WebinarSession.objects.filter(starts_at__gt=start).order_by("starts_at")[:limit]


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _webinar_gate(evidence: GateEvidence) -> GateStatus:
    if evidence.attended_at:
        attended_on = timezone.localdate(evidence.attended_at)
        return GateStatus(
            gate=Gate.WEBINAR.value,
            is_open=True,
            evidence=_("Vous avez assisté au webinaire du %(date)s.") % {"date": long_date(attended_on)},
            evidence_date=attended_on,
        )
    webinars = evidence.next_webinars
    if webinars:
        next_step = _(
            "Il faut d'abord assister à un webinaire de sensibilisation — prochaines dates : %(dates)s."
        ) % {"dates": ", ".join(long_date(webinar.starts_at) for webinar in webinars)}
    else:
        next_step = _(
            "Il faut d'abord assister à un webinaire de sensibilisation ; les prochaines dates seront "
            "annoncées bientôt."
        )
    return GateStatus(gate=Gate.WEBINAR.value, is_open=False, next_step=next_step, next_webinars=webinars)


def _nord_ouvert_gate(evidence: GateEvidence, webinar: GateStatus) -> GateStatus:
    gate = Gate.NORD_OUVERT_TRAINING.value
    enrolment, day_end = evidence.cohort_enrolment, evidence.day_end
    if enrolment and enrolment.completed_at and enrolment.completed_at < day_end:
        completed_on = timezone.localdate(enrolment.completed_at)
        return GateStatus(
            gate=gate,
            is_open=True,
            evidence=_("Vous avez terminé la formation de Nord Ouvert (cohorte « %(cohort)s ») le %(date)s.")
            % {"cohort": enrolment.cohort_name, "date": long_date(completed_on)},
            evidence_date=completed_on,
        )
    if enrolment:
        next_step = _(
            "Votre organisme suit la formation de Nord Ouvert (cohorte « %(cohort)s », jusqu'au %(end)s) ; "
            "la bourse accélération s'ouvrira lorsque la formation sera terminée."
        ) % {"cohort": enrolment.cohort_name, "end": long_date(enrolment.cohort_ends_on)}
        return GateStatus(gate=gate, is_open=False, next_step=next_step)
    if not webinar.is_open:
        return GateStatus(
            gate=gate,
            is_open=False,
            next_step=_(
                "Il faut d'abord assister à un webinaire de sensibilisation, puis poser la candidature de "
                "votre organisme à la formation avancée de Nord Ouvert."
            ),
            next_webinars=webinar.next_webinars,
        )
    if evidence.has_candidacy:
        next_step = _(
            "Votre candidature à la formation de Nord Ouvert est reçue ; l'équipe DATAide vous écrira "
            "lorsque votre organisme sera sélectionné dans une cohorte."
        )
    else:
        next_step = _(
            "Posez la candidature de votre organisme à la formation avancée de Nord Ouvert ; 180 organismes "
            "y sont sélectionnés."
        )
    return GateStatus(gate=gate, is_open=False, next_step=next_step)


def _leadership_lab_gate(evidence: GateEvidence) -> GateStatus:
    gate = Gate.LEADERSHIP_LAB.value
    completed, enrolment = evidence.lab_completion, evidence.lab_enrolment
    if completed:
        completed_on = timezone.localdate(completed.completed_at)
        return GateStatus(
            gate=gate,
            is_open=True,
            evidence=_("%(leader)s, de votre organisme, a terminé le laboratoire de leadership le %(date)s.")
            % {"leader": completed.leader_name, "date": long_date(completed_on)},
            evidence_date=completed_on,
        )
    if enrolment:
        next_step = _(
            "%(leader)s suit le laboratoire de leadership (cohorte « %(cohort)s ») ; la bourse innovation "
            "s'ouvrira lorsque le laboratoire sera terminé."
        ) % {"leader": enrolment.leader_name, "cohort": enrolment.cohort_name}
    else:
        next_step = _(
            "Une personne de votre organisme doit terminer le laboratoire de soutien au leadership ; "
            "écrivez à l'équipe DATAide pour proposer sa participation."
        )
    return GateStatus(gate=gate, is_open=False, next_step=next_step)
