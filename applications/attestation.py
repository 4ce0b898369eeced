"""The attestation the responsible person gives when submitting: its text, and the version
recorded with the submission (in the audit event), so what was attested can always be shown.
A new wording takes a new version."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

VERSION = "2026-12-01"
TEXT = gettext_lazy(
    "J'atteste que les renseignements de cette demande et de ses documents sont exacts et complets, "
    "et que je suis autorisée ou autorisé à la soumettre au nom de l'organisme."
)


def attestation_problems(version: str) -> list[ValidationError]:
    """No problem when `version` is the current one (the box was ticked on the current text)."""
    if version == VERSION:
        return []
    return [ValidationError(
        _("Cochez l'attestation que les renseignements sont exacts pour soumettre la demande."),
        code="not_attested",
    )]
