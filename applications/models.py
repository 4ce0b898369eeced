from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from organismes.models import Organisme
from programs.models import MONEY, GrantTier


class ApplicationStatus(models.TextChoices):
    """Staff-side names. Applicants read `applicant_label` (a lesson from Hypha)."""

    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")
    SCREENING = "screening", _("En vérification")
    ELIGIBLE = "eligible", _("Admissible")
    INELIGIBLE = "ineligible", _("Non admissible")
    IN_REVIEW = "in_review", _("En évaluation")
    AWARDED = "awarded", _("Accordée")
    DECLINED = "declined", _("Refusée")
    WAITLISTED = "waitlisted", _("Liste d'attente")
    WITHDRAWN = "withdrawn", _("Retirée")
    AGREEMENT = "agreement", _("Convention signée")
    PAID = "paid", _("Versée")
    REPORT_RECEIVED = "report_received", _("Rapport reçu")
    CLOSED = "closed", _("Fermée")

    @property
    def applicant_label(self):
        return APPLICANT_LABELS.get(self, self.label)


APPLICANT_LABELS = {
    ApplicationStatus.SUBMITTED: pgettext_lazy("applicant status", "Reçue"),
    ApplicationStatus.SCREENING: pgettext_lazy("applicant status", "En vérification"),
    ApplicationStatus.ELIGIBLE: pgettext_lazy("applicant status", "En vérification"),
    ApplicationStatus.IN_REVIEW: pgettext_lazy("applicant status", "En évaluation par le comité"),
    ApplicationStatus.AWARDED: pgettext_lazy("applicant status", "Acceptée"),
}

# An organisme has at most one of these per tier at a time.
OPEN_STATUSES = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SCREENING,
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.WAITLISTED,
)
# These hold a place in the tier's quota and money in its envelope.
AWARDED_STATUSES = (
    ApplicationStatus.AWARDED,
    ApplicationStatus.AGREEMENT,
    ApplicationStatus.PAID,
    ApplicationStatus.REPORT_RECEIVED,
    ApplicationStatus.CLOSED,
)


class Application(models.Model):
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="applications"
    )
    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.PROTECT, related_name="applications")
    number = models.CharField(_("numéro"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("titre du projet"), max_length=150, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    amount_requested = models.DecimalField(_("montant demandé"), default=0, **MONEY)
    amount_awarded = models.DecimalField(_("montant accordé"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décision prise par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decision_reason = models.TextField(_("motif communiqué à l'organisme"), blank=True)

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gte=0), name="application_requested_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True)
                | (Q(amount_awarded__gt=0) & Q(amount_awarded__lte=models.F("amount_requested"))),
                name="application_awarded_within_requested",
            ),
            models.UniqueConstraint(
                fields=["organisme", "tier"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_one_open_per_tier",
            ),
            models.UniqueConstraint(
                fields=["organisme", "tier"],
                condition=Q(status__in=AWARDED_STATUSES),
                name="application_one_award_per_tier",
            ),
        ]

    def __str__(self):
        return self.number or f"{self.tier} – {self.organisme} ({_('brouillon')})"


class StatusChange(models.Model):
    """One step of an application's life, shown as its timeline (applicant and staff views)."""

    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("de"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("à"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.from_status or '∅'} → {self.to_status}"
