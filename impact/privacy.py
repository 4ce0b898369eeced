"""What `impact` holds about an organisme (the privacy registry, dataide.privacy)."""

from django.utils.translation import gettext_lazy as _

from dataide.privacy.registry import ORGANISME, Category, register, values

from .models import ImpactShare


def export_shares(organisme) -> list[dict]:
    return values(
        ImpactShare.objects.filter(organisme=organisme).order_by("shared_at", "pk"),
        "application__number", "indicator__code", "own_label", "value", "answer", "shared_at",
    )


def register_categories():
    register(Category(
        key="impact.shares", subject=ORGANISME, label=_("Renseignements d'impact partagés volontairement"),
        purpose=_("Comprendre l'effet du programme, en totaux d'au moins cinq organismes ; jamais pour décider des montants."),
        retention=_("Jusqu'à ce que vous les retiriez."),
        export=export_shares,
        counted=lambda organisme_id: [ImpactShare.objects.filter(organisme_id=organisme_id)],
    ))
