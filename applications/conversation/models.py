from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dataide.storage import private_storage

from ..models import Application


def message_file_path(instance, filename):
    # The stored name carries only the detected type's extension (see uploads.stored_name).
    return f"questions/{instance.application_id}/{filename}"


class ApplicationMessage(models.Model):
    """One message of the conversation about an application; `from_staff` says which side wrote."""

    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="conversation"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_staff = models.BooleanField(_("de l'équipe DATAide"), default=False)
    body = models.TextField(_("message"), max_length=5000)
    file = models.FileField(
        _("pièce jointe"), upload_to=message_file_path, storage=private_storage, max_length=200, blank=True
    )
    file_name = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    file_type = models.CharField(_("type"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "applications"
        verbose_name = _("message sur une demande")
        verbose_name_plural = _("messages sur les demandes")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return f"{self.application} – {self.created_at:%Y-%m-%d %H:%M}"
