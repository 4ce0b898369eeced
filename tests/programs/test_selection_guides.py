import pytest
from django.urls import reverse
from django.utils import translation

from programs.models import GrantTier, Program, SelectionGuide
from tests.factories import publish_criteria_version, tier
from tests.helpers import pdf_text


def _download(client, language, code="amorcage"):
    with translation.override(language):
        url = reverse("programs:selection_guide", args=[code])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_the_french_guide_prints_the_tier_its_rules_and_every_criterion(client):
    text = pdf_text(_download(client, "fr-ca"))
    tier = GrantTier.objects.get(code="amorcage")
    assert "Guide des critères de sélection — bourse Amorçage" in text
    assert "5 000 $" in text
    assert "410" in text and "Centraide du Grand Montréal" in text
    for criterion in tier.current_criteria_set.criteria.all():
        assert criterion.label_fr in text
        assert f"{criterion.weight:.0f} %" in text
        for level in criterion.levels.all():
            assert level.descriptor_fr in text


@pytest.mark.django_db
def test_the_english_guide_is_in_english(client):
    text = pdf_text(_download(client, "en"))
    assert "Selection criteria guide — Seed grant" in text
    assert "$5,000" in text
    assert "Need and mission" in text and "Besoin et mission" not in text


@pytest.mark.django_db
def test_the_guide_is_built_once_then_served_from_storage(client, django_assert_max_num_queries):
    _download(client, "fr-ca")
    guide = SelectionGuide.objects.get(criteria_set__tier__code="amorcage", language="fr-ca")
    assert guide.pdf.storage.exists(guide.pdf.name)
    # The current criteria version and its stored guide: the criteria themselves are not read.
    with django_assert_max_num_queries(2):
        _download(client, "fr-ca")
    assert SelectionGuide.objects.count() == 1


def _relabel_first(label):
    def edit(criteria):
        criteria[0].label_fr = label
        criteria[0].save(update_fields=["label_fr"])

    return edit


@pytest.mark.django_db
def test_publishing_a_new_criteria_version_rebuilds_the_guide(client, django_capture_on_commit_callbacks):
    _download(client, "fr-ca")
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task runs in-process here
        new_version = publish_criteria_version(tier(), _relabel_first("Besoin clairement lié à la mission"))

    rebuilt = SelectionGuide.objects.get(criteria_set=new_version, language="fr-ca")
    with rebuilt.pdf.open("rb") as stored:
        assert "Besoin clairement lié à la mission" in pdf_text(stored.read())
    assert SelectionGuide.objects.filter(criteria_set=new_version).count() == 2  # fr and en
    assert "Besoin clairement lié à la mission" in pdf_text(_download(client, "fr-ca"))

@pytest.mark.django_db
def test_the_public_tier_page_links_the_guide(client):
    with translation.override("fr-ca"):
        response = client.get(reverse("portal:tier_detail", args=["acceleration"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("programs:selection_guide", args=["acceleration"]) in html
    assert "Gouvernance des données et confidentialité" in html


def _later_program_reusing(code):
    """A second program after DATAide, with a tier under the same code (codes are unique per program)."""
    from datetime import timedelta

    current = tier(code)
    program = current.program
    later = Program.objects.create(
        code="dataide-suite", name_fr="DATAide, la suite", budget=program.budget, operator=program.operator,
        funder=program.funder, reach_target=program.reach_target,
        starts_on=program.ends_on, ends_on=program.ends_on + timedelta(days=365),
    )
    current.pk, current.program, current.number_prefix, current.name_fr = None, later, "AM2", "Amorçage, deuxième édition"
    current.save()
    return current


@pytest.mark.django_db
def test_a_later_program_reusing_a_tier_code_shows_its_own_tier(client):
    _later_program_reusing("amorcage")
    with translation.override("fr-ca"):
        response = client.get(reverse("portal:tier_detail", args=["amorcage"]))
    assert response.status_code == 200
    assert "Amorçage, deuxième édition" in response.content.decode()
    # Its criteria are not published yet: no guide of the earlier program's tier stands in for it.
    assert client.get(reverse("programs:selection_guide", args=["amorcage"])).status_code == 404


@pytest.mark.django_db
def test_unknown_tier_is_404(client):
    assert client.get("/fr/volets/inexistant/guide.pdf").status_code == 404


@pytest.fixture
def broker_down():
    """Tasks are sent to a broker address where nothing listens (Redis stopped)."""
    from config.celery import app

    saved = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    app._after_fork()  # forget pooled connections, as Celery does after a fork
    yield
    app.conf.update(**saved)
    app._after_fork()


@pytest.mark.django_db
def test_a_broker_outage_after_a_new_criteria_version_only_delays_the_guide(
    client, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):  # the broker refuses: no error escapes
        new_version = publish_criteria_version(tier(), _relabel_first("Besoin au cœur de la mission"))

    assert "broker unavailable" in caplog.text
    assert not SelectionGuide.objects.filter(criteria_set=new_version).exists()
    assert "Besoin au cœur de la mission" in pdf_text(_download(client, "fr-ca"))  # built on the download
