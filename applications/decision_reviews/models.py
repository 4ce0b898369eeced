"""A demande de révision: the organisme's responsible person asks, within REQUEST_DAYS of a
decline or an ineligibility decision, that the decision be looked at again. One request per
decision (the status change it names); a staff member who took no part in the decision answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dataide.audit.events import AuditEventType, register_choices

from ..models import Application, StatusChange


class ReviewOutcome(models.TextChoices):
    PENDING = "pending", _("À traiter")
    UPHELD = "upheld", _("Décision maintenue")
    SENT_BACK = "sent_back", _("Renvoyée à l'évaluation")


register_choices(AuditEventType.DECISION_REVIEW_RESOLVED, "outcome", ReviewOutcome)


class DecisionReview(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="decision_reviews"
    )
    decision = models.ForeignKey(
        StatusChange, verbose_name=_("décision visée"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandée par"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motif de la demande"))
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    outcome = models.CharField(_("issue"), max_length=10, choices=ReviewOutcome.choices, default=ReviewOutcome.PENDING)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("traitée par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    response = models.TextField(_("réponse à l'organisme"), blank=True)

    class Meta:
        verbose_name = _("demande de révision")
        verbose_name_plural = _("demandes de révision")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision"], name="decision_review_once_per_decision"),
            models.CheckConstraint(
                condition=Q(outcome="pending") | (Q(handled_at__isnull=False) & ~Q(response="")),
                name="decision_review_handled_has_answer",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.get_outcome_display()}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == ReviewOutcome.PENDING
