"""Every fact about an application's statuses, declared once (a lesson from Hypha's workflow
definitions): for each status, the label staff read (the TextChoices label, also the database
value's display), the label the organisme reads, what happens next in its words, what the status
holds (the tier's one open application, a place in the quota), and its moves with the permission
each move needs.

Every set the code uses — open, awarded, decided, editable, withdrawable, decidable, waiting —
is derived from `STATUSES` below, and `transitions.move_to` checks every move against it.
This module imports nothing of the app: the models read it.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationStatus(models.TextChoices):
    """The database values, with the names staff read."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    SCREENING = "screening", _("En vérification")
    ELIGIBLE = "eligible", _("Admissible")
    INELIGIBLE = "ineligible", _("Non admissible")
    IN_REVIEW = "in_review", _("En évaluation")
    AWARDED = "awarded", _("Accordée")
    DECLINED = "declined", _("Refusée")
    WAITLISTED = "waitlisted", _("Liste d'attente")
    WITHDRAWN = "withdrawn", _("Retirée")
    AGREEMENT = "agreement", _("Convention signée")
    PAID = "paid", _("Versée")
    REPORT_RECEIVED = "report_received", _("Rapport reçu")
    CLOSED = "closed", _("Fermée")
    INFO_REQUESTED = "info_requested", _("Complément d'information demandé")

    @property
    def applicant_label(self):
        return STATUSES[self].applicant_label

    @property
    def next_step(self):
        return STATUSES[self].next_step

    @property
    def staff_next(self):
        return STATUSES[self].staff_next


S = ApplicationStatus


class Permission:
    """Who may make a move. Staff moves name a Django permission (row-limited to the regions of
    regional staff); organisme moves name a role in the application's organisme."""

    ORGANISME_MEMBER = "organisme:member"
    ORGANISME_RESPONSIBLE = "organisme:responsible"
    SCREEN = "applications.change_application"
    DECIDE = "applications.decide_application"
    # A demande de révision sent back (applications.decision_reviews): not a decision, so the
    # decision screens never offer these moves.
    REVIEW = "applications.review_decision"


P = Permission


@dataclass(frozen=True)
class StatusInfo:
    applicant_label: str
    next_step: str
    staff_next: str
    """What the DATAide team does next, in their words (the application page's summary)."""
    moves: dict = field(default_factory=dict)
    """Status it may move to → the permission that move needs, or a tuple of permissions any one
    of which allows it (a move that two kinds of people make, each in their own way)."""
    open: bool = False
    """The organisme's one open application in the tier (a database constraint holds it)."""
    awarded: bool = False
    """Holds a place in the tier's quota and money in its envelope (one award per tier)."""
    decided: bool = False
    """A decision was taken: the organisme's page shows it."""
    editable: bool = False
    """The organisme may still change its answers and documents."""
    reopens_steps: bool = False
    """The organisme may change only the steps staff reopened (the open InfoRequest names them)."""


_CHECKING = _("L'équipe DATAide vérifie que la demande est complète et admissible.")
# Withdrawing is the responsible person's, until a decision.
_WITHDRAW = {S.WITHDRAWN: P.ORGANISME_RESPONSIBLE}
# During screening staff may ask for more information (applications.info_requests).
_ASK_INFO = {S.INFO_REQUESTED: P.SCREEN}

STATUSES: dict[ApplicationStatus, StatusInfo] = {
    S.DRAFT: StatusInfo(
        applicant_label=S.DRAFT.label,
        next_step=_("Complétez le formulaire puis soumettez-le ; vos réponses sont enregistrées à chaque étape."),
        staff_next=_("Aucune : l'organisme remplit sa demande."),
        moves={S.SUBMITTED: P.ORGANISME_RESPONSIBLE, **_WITHDRAW},
        open=True, editable=True,
    ),
    S.SUBMITTED: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "Reçue"),
        next_step=_CHECKING,
        staff_next=_("Vérifier que la demande est complète et admissible."),
        moves={S.SCREENING: P.SCREEN, S.ELIGIBLE: P.SCREEN, S.INELIGIBLE: P.SCREEN, **_ASK_INFO, **_WITHDRAW},
        open=True,
    ),
    S.SCREENING: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "En vérification"),
        next_step=_CHECKING,
        staff_next=_("Vérifier que la demande est complète et admissible."),
        moves={S.ELIGIBLE: P.SCREEN, S.INELIGIBLE: P.SCREEN, **_ASK_INFO, **_WITHDRAW},
        open=True,
    ),
    S.INFO_REQUESTED: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "Complément d'information demandé"),
        staff_next=_("Attendre le complément ; passé la date limite, décider de l'admissibilité."),
        next_step=_(
            "L'équipe DATAide vous demande un complément : modifiez les étapes rouvertes, puis soumettez "
            "de nouveau la demande avant la date indiquée."
        ),
        # The responsible person resubmits (back to screening); past the due date staff decide
        # (admissible or not, through screening); withdrawing stays possible.
        moves={S.SCREENING: P.ORGANISME_RESPONSIBLE, S.ELIGIBLE: P.SCREEN, S.INELIGIBLE: P.SCREEN, **_WITHDRAW},
        open=True, reopens_steps=True,
    ),
    S.ELIGIBLE: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "En vérification"),
        next_step=_("La demande est admissible ; elle sera confiée au comité de sélection de votre région."),
        staff_next=_("Assigner la demande à un comité de sa région."),
        # Assigning to a committee; the committees service also requires its own permission.
        moves={S.IN_REVIEW: P.SCREEN, S.INELIGIBLE: P.SCREEN, **_WITHDRAW},
        open=True,
    ),
    S.INELIGIBLE: StatusInfo(
        applicant_label=S.INELIGIBLE.label,
        next_step=_("La demande n'est pas admissible ; l'équipe DATAide vous a écrit pour en expliquer les raisons."),
        staff_next=_("Aucune : la demande n'est pas admissible."),
        # A review of the decision may send it back to be given to a committee.
        moves={S.ELIGIBLE: P.REVIEW},
    ),
    S.IN_REVIEW: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "En évaluation par le comité"),
        next_step=_("Le comité de sélection évalue la demande selon les critères du guide."),
        staff_next=_("Attendre les grilles du comité, puis décider depuis la page des résultats."),
        moves={S.AWARDED: P.DECIDE, S.DECLINED: P.DECIDE, S.WAITLISTED: P.DECIDE, **_WITHDRAW},
        open=True,
    ),
    S.AWARDED: StatusInfo(
        applicant_label=pgettext_lazy("applicant status", "Acceptée"),
        next_step=_("Téléchargez la lettre d'octroi ; l'équipe DATAide vous écrira pour signer la convention."),
        staff_next=_("Faire signer la convention par l'organisme."),
        # The agreement is signed either online by the organisme's responsible person or on
        # paper, the team then filing the signed copy (grants.services: one signature record,
        # one move, whichever way it was signed). Cancelling the award puts the application back
        # to the committee's result list.
        moves={S.AGREEMENT: (P.ORGANISME_RESPONSIBLE, P.DECIDE), S.IN_REVIEW: P.DECIDE},
        awarded=True, decided=True,
    ),
    S.DECLINED: StatusInfo(
        applicant_label=S.DECLINED.label,
        next_step=_("La décision et son motif sont indiqués sur la page de la demande."),
        staff_next=_("Aucune : la décision est prise."),
        # A review of the decision may send it back to the committee.
        moves={S.IN_REVIEW: P.REVIEW},
        decided=True,
    ),
    S.WAITLISTED: StatusInfo(
        applicant_label=S.WAITLISTED.label,
        next_step=_("La demande est sur la liste d'attente : elle pourra être acceptée si des fonds se libèrent."),
        staff_next=_("Accorder ou refuser la bourse si des fonds se libèrent."),
        moves={S.AWARDED: P.DECIDE, S.DECLINED: P.DECIDE, **_WITHDRAW},
        open=True, decided=True,
    ),
    S.WITHDRAWN: StatusInfo(
        applicant_label=S.WITHDRAWN.label,
        next_step=_("La demande est retirée. Vous pouvez en déposer une nouvelle si le volet est ouvert."),
        staff_next=_("Aucune : l'organisme a retiré sa demande."),
    ),
    S.AGREEMENT: StatusInfo(
        applicant_label=S.AGREEMENT.label,
        next_step=_("La convention est signée ; le versement suivra."),
        staff_next=_("Faire le versement prévu à la convention."),
        moves={S.PAID: P.DECIDE},
        awarded=True, decided=True,
    ),
    S.PAID: StatusInfo(
        applicant_label=S.PAID.label,
        next_step=_("La bourse est versée. Un court bilan vous sera demandé à la fin du projet."),
        staff_next=_("Recevoir et accepter le bilan de l'organisme."),
        # Staff accept the final report (grants.services.accept_report); they may also close.
        moves={S.REPORT_RECEIVED: P.DECIDE, S.CLOSED: P.DECIDE},
        awarded=True, decided=True,
    ),
    S.REPORT_RECEIVED: StatusInfo(
        applicant_label=S.REPORT_RECEIVED.label,
        next_step=_("Merci pour votre bilan !"),
        staff_next=_("Fermer le dossier une fois la bourse entièrement versée."),
        moves={S.CLOSED: P.DECIDE},
        awarded=True, decided=True,
    ),
    S.CLOSED: StatusInfo(
        applicant_label=S.CLOSED.label,
        next_step=_("Le dossier est fermé."),
        staff_next=_("Aucune : le dossier est fermé."),
        awarded=True, decided=True,
    ),
}


def _statuses(condition) -> tuple[ApplicationStatus, ...]:
    # In the declaration order of ApplicationStatus: the database constraints built from these
    # tuples then never change (a new migration would otherwise appear).
    return tuple(status for status in ApplicationStatus if condition(STATUSES[status]))


OPEN_STATUSES = _statuses(lambda info: info.open)
AWARDED_STATUSES = _statuses(lambda info: info.awarded)
DECIDED_STATUSES = _statuses(lambda info: info.decided)
EDITABLE_STATUSES = _statuses(lambda info: info.editable)
REOPENED_STATUSES = _statuses(lambda info: info.reopens_steps)
WITHDRAWABLE_STATUSES = _statuses(lambda info: S.WITHDRAWN in info.moves)
# Open, and no longer in the organisme's hands: staff or a committee have to act.
WAITING_STATUSES = _statuses(lambda info: info.open and not info.editable and not info.reopens_steps)


def move_permissions(from_status: str, to_status: str) -> tuple[str, ...]:
    """The permissions any one of which allows the move; empty when the table does not allow it."""
    permission = STATUSES[S(from_status)].moves.get(S(to_status))
    if permission is None:
        return ()
    return permission if isinstance(permission, tuple) else (permission,)


class Decision(models.TextChoices):
    """What a decision screen offers; each is the move to a status (decisions.decide makes it)."""

    AWARD = "award", _("Accorder la bourse")
    DECLINE = "decline", _("Refuser")
    WAITLIST = "waitlist", _("Placer sur la liste d'attente")
    CANCEL = "cancel", _("Annuler la bourse")

    @property
    def to_status(self) -> ApplicationStatus:
        return {
            Decision.AWARD: S.AWARDED,
            Decision.DECLINE: S.DECLINED,
            Decision.WAITLIST: S.WAITLISTED,
            Decision.CANCEL: S.IN_REVIEW,
        }[self]


def decisions_for(status: str) -> list[Decision]:
    """The decisions the table allows from `status` (what a decision form offers)."""
    return [decision for decision in Decision if P.DECIDE in move_permissions(status, decision.to_status)]


# A decision (award, decline, waitlist, cancel an award) can still be taken on these.
DECIDABLE_STATUSES = tuple(status for status in ApplicationStatus if decisions_for(status))
