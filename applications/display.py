"""What the organisme reads about its application: the status in its words and what comes next."""

from django.utils.translation import gettext_lazy as _

from .models import Application
from .models import ApplicationStatus as S
from .steps import steps_for

NEXT_STEP = {
    S.DRAFT: _("Complétez le formulaire puis soumettez-le ; vos réponses sont enregistrées à chaque étape."),
    S.SUBMITTED: _("L'équipe DATAide vérifie que la demande est complète et admissible."),
    S.SCREENING: _("L'équipe DATAide vérifie que la demande est complète et admissible."),
    S.ELIGIBLE: _("La demande est admissible ; elle sera confiée au comité de sélection de votre région."),
    S.INELIGIBLE: _("La demande n'est pas admissible ; l'équipe DATAide vous a écrit pour en expliquer les raisons."),
    S.IN_REVIEW: _("Le comité de sélection évalue la demande selon les critères du guide."),
    S.AWARDED: _("Téléchargez la lettre d'octroi ; l'équipe DATAide vous écrira pour signer la convention."),
    S.DECLINED: _("La décision et son motif sont indiqués sur la page de la demande."),
    S.WAITLISTED: _("La demande est sur la liste d'attente : elle pourra être acceptée si des fonds se libèrent."),
    S.WITHDRAWN: _("La demande est retirée. Vous pouvez en déposer une nouvelle si le volet est ouvert."),
    S.AGREEMENT: _("La convention est signée ; le versement suivra."),
    S.PAID: _("La bourse est versée. Un court bilan vous sera demandé à la fin du projet."),
    S.REPORT_RECEIVED: _("Merci pour votre bilan !"),
    S.CLOSED: _("Le dossier est fermé."),
}
DECIDED = (S.AWARDED, S.DECLINED, S.WAITLISTED)


def applicant_status(status: str) -> str:
    return S(status).applicant_label


def next_step(status: str) -> str:
    return NEXT_STEP[S(status)]


def answer_sections(application) -> list[dict]:
    """The answers step by step, as the review page, the application page and its PDF show them."""
    labels = {field.name: field.verbose_name for field in Application._meta.fields}
    return [
        {"step": step, "rows": [(labels[name], getattr(application, name)) for name in step.fields]}
        for step in steps_for(application.tier)
    ]
