"""Identifiers of Québec organisations. Each validator accepts the forms people type (spaces,
dashes) through its `normalize_*` twin, and the model stores the normalized form."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NEQ = re.compile(r"^[0-9]{10}$")
_CHARITY_NUMBER = re.compile(r"^[0-9]{9}RR[0-9]{4}$")
_POSTAL_CODE = re.compile(r"^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$")


def _strip_separators(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value or "")


def normalize_neq(value: str) -> str:
    return _strip_separators(value)


def validate_neq(value: str) -> None:
    """Québec enterprise number (NEQ): exactly ten digits."""
    if not _NEQ.match(normalize_neq(value)):
        raise ValidationError(
            _("Le NEQ doit compter exactement 10 chiffres (par exemple 1140000000)."), code="invalid_neq"
        )


def normalize_charity_number(value: str) -> str:
    return _strip_separators(value).upper()


def validate_charity_number(value: str) -> None:
    """CRA registered charity number: nine digits, RR, four digits (123456789RR0001)."""
    if not _CHARITY_NUMBER.match(normalize_charity_number(value)):
        raise ValidationError(
            _("Le numéro d'organisme de bienfaisance doit avoir la forme 123456789RR0001."),
            code="invalid_charity_number",
        )


def normalize_postal_code(value: str) -> str:
    compact = _strip_separators(value).upper()
    return f"{compact[:3]} {compact[3:]}" if len(compact) == 6 else compact


def validate_postal_code(value: str) -> None:
    if not _POSTAL_CODE.match(normalize_postal_code(value)):
        raise ValidationError(_("Le code postal doit avoir la forme H2X 1Y4."), code="invalid_postal_code")
