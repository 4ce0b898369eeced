"""The register as 360Giving open data: the JSON validates against the standard's schema, the
CSV carries the standard's titles, both stream and answer 304 when unchanged."""

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from applications.models import Application, ApplicationStatus, StatusChange
from grants.models import Payment
from organismes.models import Organisme
from programs.models import TierCode
from register.reference import REFERENCE_VERSION_KEY

from .factories import award, bulk_awards

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
REQUIRED_COLUMNS = [
    "Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date",
    "Recipient Org:Identifier", "Recipient Org:Name", "Funding Org:Identifier", "Funding Org:Name",
]


def _validator() -> Draft202012Validator:
    grant_schema = json.loads((DATA / "360-giving-schema.json").read_text())
    package_schema = json.loads((DATA / "360-giving-package-schema.json").read_text())
    # The standard writes its dialect as http://…/draft/2020-12/schema, which `referencing` does
    # not recognise by itself: name it.
    resource = DRAFT202012.create_resource(grant_schema)
    # The package of the 1.4.3 release still points its grants at the 1.4.2 address: both name
    # the stored grant schema, so validation never goes to the network.
    registry = Registry().with_resources([
        (grant_schema["$id"], resource), (package_schema["properties"]["grants"]["items"]["$ref"], resource),
    ])
    return Draft202012Validator(package_schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_json_validates_against_the_360giving_schema(client):
    award(code=TierCode.AMORCAGE, amount="4999.50", public_summary_en="Two laptops.")
    award(code=TierCode.ACCELERATION, amount="20000", region_code="03",
          organisme=None, public_summary="Un CRM partagé.")
    award(status=ApplicationStatus.DECLINED)

    response = client.get("/fr/octrois/donnees.json")

    assert response.status_code == 200
    assert response.streaming
    package = json.loads(_body(response))
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, errors
    # The schema is really applied: a grant without its currency is refused.
    broken = json.loads(json.dumps(package))
    del broken["grants"][0]["currency"]
    assert not _validator().is_valid(broken)
    assert len(package["grants"]) == 2
    grant = next(grant for grant in package["grants"] if grant["amountAwarded"] == 4999.5)
    assert grant["id"].startswith("360G-CGM-DATAIDE-")
    assert grant["recipientOrganization"][0]["id"].startswith("CA_QC-QBC-")
    assert grant["currency"] == "CAD"
    assert grant["beneficiaryLocation"][0]["geoCode"] == "06"


def test_the_english_feed_carries_the_english_summary(client):
    award(public_summary="Deux portables.", public_summary_en="Two laptops.")
    package = json.loads(_body(client.get("/en/grants/data.json")))
    assert package["grants"][0]["description"] == "Two laptops."
    assert json.loads(_body(client.get("/fr/octrois/donnees.json")))["grants"][0]["description"] == "Deux portables."


def test_the_csv_has_the_standards_columns_in_utf8(client):
    application = award(amount="4500", title="=HYPERLINK(\"x\")", public_summary="Écrans et logiciels.")

    response = client.get("/fr/octrois/donnees.csv")

    body = _body(response)
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert set(REQUIRED_COLUMNS) <= set(rows[0])
    assert rows[0]["Identifier"] == f"360G-CGM-DATAIDE-{application.number}"
    assert rows[0]["Amount Awarded"] == "4500"
    assert rows[0]["Description"] == "Écrans et logiciels."
    assert rows[0]["Recipient Org:Identifier"] == f"CA_QC-QBC-{application.organisme.neq}"
    assert rows[0]["Title"].startswith("'=")  # a spreadsheet shows it, never runs it


@pytest.mark.parametrize("path", ["/fr/octrois/donnees.json", "/fr/octrois/donnees.csv"])
def test_an_unchanged_feed_answers_304_and_a_new_award_changes_it(client, path):
    award()
    first = client.get(path)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    _body(first)

    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    award()
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def _dated_yesterday(application) -> None:
    """Every moment the feeds are dated by, the reference data's version included, a day back:
    HTTP dates count whole seconds, and a rename in the same second could not be told apart by
    If-Modified-Since."""
    day = timedelta(days=1)
    Application.objects.filter(pk=application.pk).update(updated_at=F("updated_at") - day, decided_at=F("decided_at") - day)
    Organisme.objects.filter(pk=application.organisme_id).update(updated_at=F("updated_at") - day)
    StatusChange.objects.filter(application=application).update(created_at=F("created_at") - day)
    Payment.objects.update(recorded_at=F("recorded_at") - day)
    yesterday = int((timezone.now() - day).timestamp() * 1e9)
    cache.set(REFERENCE_VERSION_KEY, f"made-yesterday-{yesterday}", timeout=None)


@pytest.mark.parametrize("path", ["/fr/octrois/donnees.json", "/fr/octrois/donnees.csv"])
def test_a_renamed_tier_changes_the_feeds_etag_and_date(client, path):
    """A tier has no timestamp of its own (register.reference): renaming it must still make every
    kept copy (the client's, the process's, the shared cache's) out of date."""
    application = award()
    _dated_yesterday(application)
    first = client.get(path)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    _body(first)

    tier = application.tier
    tier.name_fr = "Volet renommé"
    tier.save()

    assert client.get(path, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200
    assert "Volet renommé" in _body(client.get(path)).decode("utf-8-sig")


@pytest.mark.parametrize("count", [10, 1000])
def test_the_feeds_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    bulk_awards(count)
    with django_assert_max_num_queries(6):
        body = _body(client.get("/fr/octrois/donnees.json"))
    assert len(json.loads(body)["grants"]) == count
    with django_assert_max_num_queries(6):
        lines = _body(client.get("/fr/octrois/donnees.csv")).decode("utf-8-sig").splitlines()
    assert len(lines) == count + 1


@pytest.mark.parametrize("path", ["/fr/octrois/donnees.json", "/fr/octrois/donnees.csv"])
def test_a_feed_is_built_once_per_change_and_never_served_out_of_date(client, django_assert_num_queries, path):
    """The body is kept under its ETag: the next download only dates the register (one query),
    and a new award (a new ETag) is in the very next download."""
    award(title="Première bourse")
    first = _body(client.get(path))
    with django_assert_num_queries(1):
        again = client.get(path)
        assert _body(again) == first
    award(title="Seconde bourse")
    changed = _body(client.get(path)).decode("utf-8-sig")
    assert "Seconde bourse" in changed and "Première bourse" in changed


def test_a_kept_feed_is_served_from_the_process_without_the_shared_cache(client, monkeypatch):
    """Each web process holds the last body it served: the next download reads it there, and a
    new ETag (a new award) is never answered from it."""
    from django.core.cache import cache

    award(title="Première bourse")
    first = _body(client.get("/fr/octrois/donnees.json"))
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or real_get(key, *args, **kwargs))
    assert _body(client.get("/fr/octrois/donnees.json")) == first
    assert not [key for key in reads if key.startswith("register:feed:")]

    award(title="Seconde bourse")
    assert "Seconde bourse" in _body(client.get("/fr/octrois/donnees.json")).decode()
