"""Submissions at the same moment never share a number (real PostgreSQL transactions)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from applications import services
from applications.attestation import VERSION as ATTESTED
from programs.models import GrantTier
from tests.applications.factories import complete_draft, eligible_organisme
from tests.factories import tier
from tests.helpers import at_the_same_moment
from tests.organismes.factories import member_of

SUBMITTERS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_consecutive_numbers():
    today = timezone.localdate()
    GrantTier.objects.update(window_opens_on=today - timedelta(days=1), window_closes_on=today + timedelta(days=1))
    drafts = []
    for _ in range(SUBMITTERS):
        organisme = eligible_organisme()
        drafts.append((member_of(organisme), complete_draft(organisme)))

    outcomes = at_the_same_moment(
        lambda draft: services.submit_application(actor=draft[0], application=draft[1], attestation=ATTESTED).number, drafts
    )

    assert sorted(outcomes) == [f"AMO-{today.year}-{n:04d}" for n in range(1, SUBMITTERS + 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_start_make_one_draft():
    organisme = eligible_organisme()
    member = member_of(organisme)
    amorcage = tier("amorcage")
    outcomes = at_the_same_moment(
        lambda _click: services.create_draft(actor=member, organisme=organisme, tier=amorcage) and "created", [1, 2]
    )
    assert sorted(outcomes) == ["created", "open_application_exists"]
    assert organisme.applications.count() == 1
