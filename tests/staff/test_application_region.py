"""Each application carries its organisme's region (issue 20: the staff's lists and queues read it
on the application's (region, tier, status) index): taken at creation, moved with the organisme's
region in the profile change's one transaction and one audit event, and regional scoping follows."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.services import create_draft
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from organismes import services as organisme_services
from organismes.models import Organisme
from tests.applications.factories import open_gate
from tests.factories import MembershipFactory, OrganismeFactory, region, tier
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, bulk_applications, regional_staff, submitted_application

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:applications_application_changelist"


def _responsible(organisme):
    return MembershipFactory(organisme=organisme).user


def _move(organisme, region_code):
    organisme.region = region(region_code)
    organisme_services.update_profile(actor=_responsible(organisme), organisme=organisme, fields=["region"])


def test_an_application_takes_its_organismes_region_at_creation():
    organisme = OrganismeFactory(region=region(ESTRIE))
    open_gate(organisme)
    # The page's copy of the organisme is older than a region change committed meanwhile: the
    # draft takes the region stored under the organisme's lock.
    stale = Organisme.objects.get(pk=organisme.pk)
    _move(organisme, MONTREAL)
    draft = create_draft(actor=_responsible(stale), organisme=stale, tier=tier("amorcage"))
    assert Application.objects.get(pk=draft.pk).region == region(MONTREAL)
    bulk_applications(3, region_code=ESTRIE)  # bulk_create takes it too
    assert set(Application.objects.exclude(pk=draft.pk).values_list("region__code", flat=True)) == {ESTRIE}


def test_the_region_follows_the_organismes_change_in_one_audited_transaction(client):
    moving = submitted_application("AMO-2026-0701", region_code=ESTRIE)
    staying = submitted_application("AMO-2026-0702", region_code=ESTRIE)
    events_before = AuditEvent.objects.count()

    _move(moving.organisme, MONTREAL)

    assert Application.objects.get(pk=moving.pk).region == region(MONTREAL)
    assert Application.objects.get(pk=staying.pk).region == region(ESTRIE)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)[events_before:]) == [
        AuditEventType.ORGANISME_PROFILE_CHANGED
    ]
    # Regional scoping reads the application's region: Estrie's staff lose it (404), Montréal's see it.
    estrie = login_staff(client, regional_staff(ESTRIE))
    assert [a.number for a in estrie.get(reverse(CHANGELIST)).context["cl"].result_list] == ["AMO-2026-0702"]
    assert estrie.get(reverse("admin:applications_application_change", args=[moving.pk])).status_code == 404
    montreal = login_staff(client, regional_staff(MONTREAL))
    assert [a.number for a in montreal.get(reverse(CHANGELIST)).context["cl"].result_list] == ["AMO-2026-0701"]
    listed = montreal.get(reverse(CHANGELIST), {"region__id__exact": region(MONTREAL).pk}).context["cl"].result_list
    assert [a.number for a in listed] == ["AMO-2026-0701"]


def test_a_failed_profile_change_moves_no_application(monkeypatch):
    application = submitted_application("AMO-2026-0703", region_code=ESTRIE)

    def refuse(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(organisme_services, "record_event", refuse)
    with pytest.raises(RuntimeError):
        _move(application.organisme, MONTREAL)
    application.refresh_from_db()
    assert application.region == region(ESTRIE)
    assert application.organisme.region == region(ESTRIE)
