from django.db import models
from django.utils.translation import gettext_lazy as _

from dataide.i18n import LocalizedFieldsMixin, short_language


class HelpPage(LocalizedFieldsMixin, models.Model):
    """A help page staff write in the admin (FAQ of a tier, « Comment préparer sa demande »,
    glossary): French and English bodies in Markdown, rendered and sanitised for the public
    (portal.help). Headings may carry an anchor, `## Budget {#budget}`: the application form
    links each step to the anchor named after the step's slug."""

    slug = models.SlugField(_("adresse (français)"), max_length=80, unique=True)
    slug_en = models.SlugField(_("adresse (anglais)"), max_length=80, unique=True)
    title_fr = models.CharField(_("titre (français)"), max_length=150)
    title_en = models.CharField(_("titre (anglais)"), max_length=150, blank=True)
    summary_fr = models.CharField(_("résumé (français)"), max_length=300, blank=True)
    summary_en = models.CharField(_("résumé (anglais)"), max_length=300, blank=True)
    body_fr = models.TextField(_("contenu en Markdown (français)"))
    body_en = models.TextField(_("contenu en Markdown (anglais)"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("page d'aide")
        verbose_name_plural = _("pages d'aide")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title_fr

    def slug_for(self, language: str) -> str:
        return self.slug_en if language == "en" else self.slug

    @property
    def url_slug(self) -> str:
        """The address in the active language."""
        return self.slug_for(short_language())
