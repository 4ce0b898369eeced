from django.utils.translation import gettext_lazy as _

from dataide.accounts.models import Language
from dataide.exports import Column

ORGANISME_COLUMNS = [
    Column(_("Nom légal"), "legal_name"),
    Column(_("NEQ"), "neq"),
    Column(_("Numéro d'organisme de bienfaisance"), "charity_number"),
    Column(_("Région"), "region__name"),
    Column(_("Ville"), "city"),
    Column(_("Code postal"), "postal_code"),
    Column(_("Employés"), "staff_count"),
    Column(_("Bénévoles"), "volunteer_count"),
    Column(_("Langue de correspondance"), "preferred_language", labels=Language),
    Column(_("Inscrit le"), "created_at"),
]
