from decimal import Decimal

import pytest

from applications.documents import award_letter_attachment, award_letter_pdf
from applications.models import ApplicationStatus
from dataide.documents import StaticOnlyURLFetcher, render_html_to_pdf
from tests.factories import ApplicationFactory, OrganismeFactory
from tests.helpers import pdf_text


def test_the_renderer_fetches_only_our_static_files(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    fetcher = StaticOnlyURLFetcher()
    html = f"""
      <link rel="stylesheet" href="static:css/pdf.css">
      <link rel="stylesheet" href="file://{secret}">
      <link rel="stylesheet" href="https://cdn.example.com/x.css">
      <style>@import url("http://127.0.0.1:9/tracker.css");</style>
      <img src="file:///etc/passwd"><img src="https://example.com/pixel.png">
      <img src="static:../../etc/passwd">
      <p>Bonjour</p>"""
    pdf = render_html_to_pdf(html, fetcher)
    assert pdf.startswith(b"%PDF")
    assert fetcher.fetched == ["static:css/pdf.css"]
    assert set(fetcher.refused) == {
        f"file://{secret}",
        "https://cdn.example.com/x.css",
        "http://127.0.0.1:9/tracker.css",
        "file:///etc/passwd",
        "https://example.com/pixel.png",
        "static:../../etc/passwd",
    }


@pytest.mark.django_db
def test_award_letter_names_the_organisme_the_project_and_the_amount():
    application = ApplicationFactory(
        organisme=OrganismeFactory(legal_name="Cuisine collective Hochelaga"),
        number="AMO-2026-0042",
        title="Portables pour l'accueil",
        status=ApplicationStatus.AWARDED,
        amount_requested=Decimal("5000"),
        amount_awarded=Decimal("4500"),
    )
    text = pdf_text(award_letter_pdf(application, "fr-ca"))
    assert "Cuisine collective Hochelaga" in text
    assert "Portables pour l'accueil" in text and "AMO-2026-0042" in text
    assert "4 500 $" in text and "5 000 $" in text
    assert "Conditions" in text and "équipe DATAide" in text

    english = pdf_text(award_letter_pdf(application, "en"))
    assert "Award letter" in english and "$4,500" in english


@pytest.mark.django_db
def test_user_text_is_escaped_and_fetches_nothing(caplog):
    application = ApplicationFactory(
        organisme=OrganismeFactory(legal_name='<img src="file:///etc/passwd">Organisme <b>gras</b>'),
        number="AMO-2026-0001",
        status=ApplicationStatus.AWARDED,
        amount_awarded=Decimal("1000"),
    )
    filename, content, mimetype = award_letter_attachment(application.pk, "fr-ca")
    assert filename == "lettre-octroi-AMO-2026-0001.pdf" and mimetype == "application/pdf"
    assert '<img src="file:///etc/passwd">Organisme <b>gras</b>' in pdf_text(content)
    assert "refused to fetch" not in caplog.text
