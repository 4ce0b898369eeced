"""Columns of the applications export (and of awards: the same list filtered on decisions)."""

from django.utils.translation import gettext_lazy as _

from dataide.exports import Column

from .models import ApplicationStatus

APPLICATION_COLUMNS = [
    Column(_("Numéro"), "number"),
    Column(_("Organisme"), "organisme__legal_name"),
    Column(_("NEQ"), "organisme__neq"),
    Column(_("Région"), "region__name"),
    Column(_("Volet"), "tier__name_fr"),
    Column(_("Statut"), "status", labels=ApplicationStatus),
    Column(_("Titre du projet"), "title"),
    Column(_("Montant demandé"), "amount_requested"),
    Column(_("Montant accordé"), "amount_awarded"),
    Column(_("Soumise le"), "submitted_at"),
    Column(_("Décision le"), "decided_at"),
]
