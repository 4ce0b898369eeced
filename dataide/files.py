"""What every uploaded document keeps beside its bytes: the name it came with, the type found in
its content, its size, who joined it and when. Each app's model adds the file field (its folder)
and what the document belongs to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadedDocument(models.Model):
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("déposé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name
