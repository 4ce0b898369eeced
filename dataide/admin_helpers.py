from django import forms
from django.db import models


class DateTimeLocalInput(forms.DateTimeInput):
    """One native date-and-time field. The admin's split widget leaves its second input without a
    label (an axe 'label' violation) and is awkward with a keyboard; this one has one label."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


ACCESSIBLE_DATETIME_OVERRIDES = {models.DateTimeField: {"widget": DateTimeLocalInput}}
