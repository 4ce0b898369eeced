"""« Ce que nous détenons » prints its tables from Python (dataide.privacy.held_page) and reads the
organisme's reads with SQL compiled once per process: the page must say what its former template
said (held_reference.html, fed as the former view fed it: the categories with their counts and
the ORM's queryset of the reads), in both languages, for a person without an organisme, a
collaborator (no organisme part), a responsible person whose file nobody read, and one whose file
was read by every kind of reader, in summer and winter time, with labels to escape."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from dataide.privacy import registry
from dataide.privacy.models import ReaderKind, ReadKind, ReadLogEntry
from dataide.privacy.selectors import READS_SHOWN
from dataide.privacy.views import _held
from organismes.models import MembershipRole
from tests.factories import OrganismeFactory, UserFactory
from tests.helpers import comparable
from tests.organismes.factories import member_of
from tests.privacy.references import CATEGORIES, reference

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
MONTREAL = ZoneInfo("America/Montreal")
REFERENCE = reference("held_reference.html")


def former_page(request, organisme):
    return REFERENCE.render({
        "categories_reference": CATEGORIES,
        "person_categories": _held(registry.PERSON, request.user)[0],
        "organisme": organisme,
        "organisme_categories": _held(registry.ORGANISME, organisme)[0] if organisme else [],
        "reads": ReadLogEntry.objects.filter(organisme_id=organisme.pk).order_by("-read_at", "-pk")[:READS_SHOWN]
        if organisme else [],
    }, request)


def _read(organisme, reader_kind, kind, label, moment):
    entry = ReadLogEntry.objects.create(
        organisme_id=organisme.pk, reader_kind=reader_kind, kind=kind, object_id=1, label=label,
    )
    ReadLogEntry.objects.filter(pk=entry.pk).update(read_at=moment)


@pytest.fixture
def organisme():
    return OrganismeFactory(legal_name="Maison <des> familles & « amis »")


@pytest.fixture
def read_file(organisme):
    moments = [datetime(2026, 1, 5, 9, 3, tzinfo=MONTREAL), datetime(2026, 7, 14, 23, 59, 59, 5, tzinfo=MONTREAL),
               datetime(2026, 11, 1, 0, 0, tzinfo=MONTREAL)]
    for index, (reader_kind, kind) in enumerate([(r, k) for r in ReaderKind.values for k in ReadKind.values]):
        _read(organisme, reader_kind, kind, f"AMO-2026-{index:04d} <pièce> & \"jointe\"", moments[index % 3])
    _read(OrganismeFactory(), ReaderKind.STAFF, ReadKind.APPLICATION, "AUTRE-0001", moments[0])  # another file
    return organisme


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewer", ["nobody's", "collaborator", "responsible, unread", "responsible, read"])
def test_the_page_says_what_its_template_said(client, organisme, viewer, language, request):
    shown_organisme = None
    if viewer == "nobody's":
        person = UserFactory()
    elif viewer == "collaborator":
        person = member_of(organisme, role=MembershipRole.COLLABORATOR)
    else:
        if viewer == "responsible, read":
            request.getfixturevalue("read_file")
        person, shown_organisme = member_of(organisme), organisme
    client.force_login(person)
    with translation.override(language):
        response = client.get(reverse("privacy:held"))
        assert response.status_code == 200
        page = response.content.decode()
        assert comparable(page) == comparable(former_page(response.wsgi_request, shown_organisme))
    assert ('data-testid="organisme-data">' in page) == (shown_organisme is not None)
    assert page.count("&lt;pièce&gt; &amp; &quot;jointe&quot;") == (
        len(ReaderKind.values) * len(ReadKind.values) if viewer == "responsible, read" else 0
    )
    assert "AUTRE-0001" not in page
