from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from organismes.models import Organisme


class Indicator(models.Model):
    """An indicator offered for organismes to pick from, if they want; they may also name their own."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200)
    active = models.BooleanField(_("proposé"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("indicateur proposé")
        verbose_name_plural = _("indicateurs proposés")
        ordering = ["position", "code"]

    def __str__(self):
        return self.label_fr

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_fr


class ImpactShare(models.Model):
    """One thing an organisme chose to share about a funded project: an indicator (offered or its
    own) with a figure and/or a few words. Deleting it removes it: nothing is kept behind."""

    organisme = models.ForeignKey(Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="+")
    application = models.ForeignKey(
        Application, verbose_name=_("projet financé"), on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicateur"), on_delete=models.PROTECT, null=True, blank=True, related_name="shares"
    )
    own_label = models.CharField(_("votre propre indicateur"), max_length=200, blank=True)
    value = models.DecimalField(_("valeur"), max_digits=12, decimal_places=2, null=True, blank=True)
    answer = models.TextField(_("en quelques mots"), max_length=2000, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("partagé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField(_("partagé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("information d'impact partagée")
        verbose_name_plural = _("informations d'impact partagées")
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=False) | ~models.Q(own_label=""), name="impact_names_an_indicator"
            ),
        ]

    def label(self, language: str) -> str:
        return self.indicator.label(language) if self.indicator_id else self.own_label
