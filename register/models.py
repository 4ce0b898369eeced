"""The register holds no data of its own: it reads the awards (see selectors). The one model
here is a proxy so staff find « Résumés publics » in the admin and correct them there."""

from django.utils.translation import gettext_lazy as _

from applications.models import Application


class PublicSummary(Application):
    class Meta:
        proxy = True
        verbose_name = _("résumé public")
        verbose_name_plural = _("résumés publics")
