"""`{{ form|text_fields }}` (dataide.forms.text_fields_html) prints text fields as crispy-bootstrap5
does, for a fraction of the work: the same elements, attributes and texts, errors included, so
the application's steps look, read aloud and count characters the same."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template import engines

from dataide.forms import text_fields_html

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")


class _Form(forms.Form):
    title = forms.CharField(label="Titre du projet", max_length=20, required=False, help_text="Court, s'il vous plaît.")
    need = forms.CharField(label="Besoin", widget=forms.Textarea(attrs={"rows": 6, "data-counter": "true"}), required=False)

    def __init__(self, *args, **kwargs):
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        if self.cleaned_data.get("need") == "refus":
            raise forms.ValidationError("Un problème d'ensemble.")
        return self.cleaned_data


class _Canonical(HTMLParser):
    """Elements, sorted attributes (class words sorted) and non-blank texts, whitespace folded."""

    def __init__(self):
        super().__init__()
        self.tokens = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append((tag, sorted((k, " ".join(sorted((v or "").split())) if k == "class" else v) for k, v in attrs)))

    def handle_endtag(self, tag):
        self.tokens.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.tokens.append(("text", " ".join(data.split())))


def _canonical(html) -> list:
    parser = _Canonical()
    parser.feed(str(html))
    return parser.tokens


@pytest.mark.parametrize("data", [
    None,
    {"title": "Un titre bien trop long pour vingt", "need": "<b>é</b> & 'q'"},
    {"title": "", "need": "refus"},
], ids=["empty", "field errors", "form error"])
def test_text_fields_print_what_crispy_prints(data):
    crispy_form, our_form = _Form(data), _Form(data)
    if data is not None:
        crispy_form.is_valid(), our_form.is_valid()
    ours = _canonical(text_fields_html(our_form))
    assert ours == _canonical(CRISPY.render({"form": crispy_form}))
    assert ("text", "<b>é</b> & 'q'") in ours or data is None or data["need"] == "refus"


def test_other_kinds_of_field_are_refused():
    class WithChoice(forms.Form):
        kind = forms.ChoiceField(choices=[("a", "A")])

    with pytest.raises(TypeError):
        text_fields_html(WithChoice())
