"""What each tier's form asks, step by step. Amorçage asks less than accélération and innovation;
innovation also names the partner organismes of its network-level project.

The same definition drives the wizard's pages, the review page and the completeness check at
submission, so what is asked and what is required can never disagree.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from programs.models import TierCode

BUDGET = "budget"
PARTNERS = "partners"
ATTACHMENTS = "attachments"


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    help_text: str
    fields: tuple[str, ...] = ()
    # A step whose content is not plain fields: budget lines, partners or files.
    special: str = ""


NEED = Step(
    "besoin", _("Votre besoin"),
    _("Dites-nous simplement ce qui vous manque aujourd'hui et pourquoi c'est important pour votre organisme."),
    fields=("title", "need"),
)
PROJECT = Step(
    "projet", _("Votre projet"),
    _("Ce que vous allez faire avec la bourse, ce que vous espérez obtenir et quand."),
    fields=("project_summary", "expected_results", "timeline"),
)
GOVERNANCE = Step(
    "gouvernance", _("Données et pérennité"),
    _("Comment vous protégerez les renseignements personnels (Loi 25) et comment le projet durera après la bourse."),
    fields=("data_governance", "sustainability"),
)
NETWORK = Step(
    "partenaires", _("Portée et partenaires"),
    _("Le projet d'innovation change les choses à l'échelle d'un réseau ou d'un milieu : nommez vos partenaires."),
    fields=("network_scope",),
    special=PARTNERS,
)
BUDGET_STEP = Step(
    "budget", _("Budget"),
    _("Une ligne par dépense. Le montant demandé est le total des lignes."),
    special=BUDGET,
)
ATTACHMENTS_STEP = Step(
    "documents", _("Documents"),
    _("Soumissions, devis ou autres documents utiles (PDF, images, Word, Excel, LibreOffice ; 10 Mo au plus chacun)."),
    special=ATTACHMENTS,
)

# The public summary closes the last content step of every tier: written once the project is
# described, and the only typed text (with the title) the public register shows. The English one
# is optional.
PUBLIC_FIELDS = ("public_summary", "public_summary_en")
OPTIONAL_FIELDS = frozenset({"public_summary_en"})


def _with_public_summary(step: Step) -> Step:
    return replace(step, fields=step.fields + PUBLIC_FIELDS)


STEPS_BY_TIER = {
    TierCode.AMORCAGE: (NEED, _with_public_summary(PROJECT), BUDGET_STEP, ATTACHMENTS_STEP),
    TierCode.ACCELERATION: (NEED, PROJECT, _with_public_summary(GOVERNANCE), BUDGET_STEP, ATTACHMENTS_STEP),
    TierCode.INNOVATION: (NEED, PROJECT, GOVERNANCE, _with_public_summary(NETWORK), BUDGET_STEP, ATTACHMENTS_STEP),
}


def steps_for(tier) -> tuple[Step, ...]:
    return STEPS_BY_TIER[TierCode(tier.code)]


def step_for(tier, slug: str) -> Step | None:
    return next((step for step in steps_for(tier) if step.slug == slug), None)


def text_fields_for(tier) -> tuple[str, ...]:
    """Every text field the tier asks."""
    return tuple(name for step in steps_for(tier) for name in step.fields)


def required_text_fields_for(tier) -> tuple[str, ...]:
    """The text fields submission requires: all but the optional English summary."""
    return tuple(name for name in text_fields_for(tier) if name not in OPTIONAL_FIELDS)


def needs_partners(tier) -> bool:
    return any(step.special == PARTNERS for step in steps_for(tier))
