"""The final report's steps, as the application form has its own (applications.steps): the same
definition drives the step pages, their autosave and the review page that submits."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReportStep:
    slug: str
    title: str
    help_text: str


QUESTIONS = ReportStep(
    "projet", _("Le projet"), _("Quelques questions sur ce qui a été fait ; quelques phrases suffisent."),
)
SPENDING = ReportStep(
    "depenses", _("Budget dépensé"),
    _("Pour chaque ligne du budget en vigueur, le montant réellement dépensé (0 $ si rien)."),
)
DOCUMENTS = ReportStep(
    "documents", _("Documents"),
    _("Factures, photos ou autres pièces utiles, si vous le souhaitez (PDF, images, Word, Excel, LibreOffice ; 10 Mo au plus chacun)."),
)
# The voluntary impact section is NOT a step of the required report: it lives in the impact app
# and links from the report's review page, never adding a field or a requirement here.
REPORT_STEPS = (QUESTIONS, SPENDING, DOCUMENTS)


def report_step(slug: str) -> ReportStep | None:
    return next((step for step in REPORT_STEPS if step.slug == slug), None)


def neighbours(step: ReportStep) -> tuple[ReportStep | None, ReportStep | None]:
    index = REPORT_STEPS.index(step)
    previous = REPORT_STEPS[index - 1] if index else None
    following = REPORT_STEPS[index + 1] if index + 1 < len(REPORT_STEPS) else None
    return previous, following
