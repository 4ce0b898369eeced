"""An organisme shares impact information, or deletes it. Nothing here is ever required."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.statuses import AWARDED_STATUSES
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from organismes.models import Membership

from .models import ImpactShare


def _require_member(actor, organisme_id) -> None:
    if not getattr(actor, "is_authenticated", False) or not Membership.objects.filter(
        user=actor, organisme_id=organisme_id
    ).exists():
        raise PermissionDenied(_("Seuls les membres de l'organisme partagent ses renseignements d'impact."))


def share_impact(*, actor, application, indicator=None, own_label: str = "", value=None, answer: str = "") -> ImpactShare:
    _require_member(actor, application.organisme_id)
    if application.status not in AWARDED_STATUSES:
        raise ValidationError(_("On partage l'impact d'un projet financé."), code="impact_not_awarded")
    own_label, answer = " ".join(own_label.split()), answer.strip()
    if indicator is None and not own_label:
        raise ValidationError(
            {"own_label": _("Choisissez un indicateur ou nommez le vôtre.")}, code="impact_indicator_required"
        )
    if value is None and not answer:
        raise ValidationError({"value": _("Indiquez une valeur ou quelques mots.")}, code="impact_empty")
    with transaction.atomic():
        share = ImpactShare.objects.create(
            organisme_id=application.organisme_id, application=application, indicator=indicator,
            own_label="" if indicator else own_label, value=value, answer=answer, shared_by=actor,
        )
        # The audit row says that something was shared, never what (the figure stays the organisme's).
        record_event(actor=actor, action=AuditEventType.IMPACT_SHARED, target=application, share=share.pk)
    return share


def delete_impact(*, actor, share: ImpactShare) -> None:
    """Withdraw what was shared: the row is deleted, not hidden."""
    _require_member(actor, share.organisme_id)
    with transaction.atomic():
        share = ImpactShare.objects.select_for_update().select_related("application").get(pk=share.pk)
        record_event(actor=actor, action=AuditEventType.IMPACT_DELETED, target=share.application, share=share.pk)
        share.delete()
