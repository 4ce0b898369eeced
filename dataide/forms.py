"""Form fields every app shares."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
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


def text_fields_html(form) -> SafeString:
    """The form's text inputs and text areas as crispy-bootstrap5 prints them (label, field, errors
    tied by aria-describedby, help), written here instead of through crispy's and the widgets'
    templates: a few hundred Python calls per field instead of some 1 700, on the pages people fill
    most (the application's steps). Any other kind of field is left to crispy."""
    errors = format_html(
        '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
        format_html_join("", "<li>{}</li>", ((message,) for message in form.non_field_errors())),
    ) if form.non_field_errors() else ""
    return mark_safe(errors + "".join(_text_field_html(form[name]) for name in form.fields))


def _text_field_html(bound) -> str:
    widget = bound.field.widget
    if not isinstance(widget, (forms.TextInput, forms.Textarea)) or isinstance(widget, forms.PasswordInput):
        raise TypeError(f"text_fields_html prints text fields only, not {type(widget).__name__}")
    field_id, help_id, error_id = bound.auto_id, f"{bound.auto_id}_helptext", f"{bound.auto_id}_error"
    textarea = isinstance(widget, forms.Textarea)
    describedby = [help_id] if bound.help_text else []
    attrs = {**widget.attrs}
    classes = [*attrs.get("class", "").split(), "textarea" if textarea else "textinput", "form-control"]
    if bound.errors:
        classes.append("is-invalid")
    attrs["class"] = " ".join(dict.fromkeys(classes))
    if bound.errors:
        attrs["aria-invalid"] = "true"
        describedby.append(error_id)
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    attrs["id"] = field_id
    value = widget.format_value(bound.value())
    if textarea:
        control = format_html('<textarea name="{}"{}>\n{}</textarea>', bound.html_name, flatatt(attrs), value or "")
    else:
        shown = {"value": value} if value is not None else {}
        control = format_html('<input type="{}" name="{}"{}>', widget.input_type, bound.html_name, flatatt({**shown, **attrs}))
    errors = format_html_join(
        "", '<span id="error_{}_{}"><strong>{}</strong></span>', ((index, field_id, message) for index, message in enumerate(bound.errors, 1))
    )
    return format_html(
        '<div id="div_{}" class="mb-3"> <label for="{}" class="form-label">{}</label> {}{}{} </div>',
        field_id, field_id, bound.label, control,
        format_html(' <div id="{}" class="invalid-feedback"> {} </div>', error_id, errors) if bound.errors else "",
        # Help texts are the portal's own words, printed as crispy prints them (not escaped).
        format_html(' <div id="{}" class="form-text">{}</div>', help_id, mark_safe(bound.help_text)) if bound.help_text else "",
    )
