"""The feedback letter a declined or waitlisted organisme receives. Its text is what staff wrote
after reading the members' comments (never the comments themselves): `strengths` and
`improvements` are the reviewed passages, `next_steps` what the organisme can do now. The PDF sent
is kept, so the organisme downloads exactly what it was e-mailed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from dataide.storage import private_storage


def letter_path(instance, filename):
    return f"feedback/{uuid.uuid4().hex}.pdf"


class FeedbackLetter(models.Model):
    application = models.OneToOneField(
        Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="feedback_letter"
    )
    strengths = models.TextField(_("forces (passages revus par l'équipe)"), blank=True)
    improvements = models.TextField(_("points à améliorer (passages revus par l'équipe)"), blank=True)
    next_steps = models.TextField(_("et ensuite"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revue par"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("revue le"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyée par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    language = models.CharField(_("langue"), max_length=5, blank=True)
    pdf = models.FileField(_("lettre envoyée"), upload_to=letter_path, storage=private_storage, blank=True)

    class Meta:
        verbose_name = _("lettre de rétroaction")
        verbose_name_plural = _("lettres de rétroaction")
        ordering = ["-reviewed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | ~Q(pdf=""), name="feedback_letter_sent_has_pdf"
            ),
        ]

    def __str__(self):
        return str(self.application)

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
