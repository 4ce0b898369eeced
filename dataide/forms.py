"""Form fields every app shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import parse_money


class MoneyField(forms.DecimalField):
    """An amount in dollars as people type it in Quebec (« 4 200,50 », « 1 200 $ ») or in English
    (« $4,200.50 »), shown back in the reader's format. Every amount input uses it."""

    default_error_messages = {
        "invalid": _("Écrivez un montant en dollars, par exemple 4 200,50."),
    }

    def __init__(self, *, max_digits=12, decimal_places=2, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        # A text input, never type=number: browsers refuse « 4 200,50 » in a number input.
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        amount = parse_money(value)
        if amount is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return amount
