"""The privacy pages' former templates, kept as the references their pages printed from Python are
compared with (dataide.privacy.held_page). Both included privacy/_categories.html, now kept here as
categories_reference.html and handed to them as `categories_reference`."""

from pathlib import Path

from django.template import engines

HERE = Path(__file__).parent


def reference(name: str):
    return engines["django"].from_string((HERE / name).read_text())


CATEGORIES = reference("categories_reference.html")
