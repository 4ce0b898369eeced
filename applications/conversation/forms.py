from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..uploads import MAX_ATTACHMENT_SIZE, MEGABYTE


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(
        label=_("Pièce jointe (facultatif)"), required=False,
        help_text=format_lazy(_("PDF, Word, Excel, OpenDocument, JPEG ou PNG, {size} Mo au plus."),
                              size=MAX_ATTACHMENT_SIZE // MEGABYTE),
    )
