"""Submissions at the same moment never share a number (real PostgreSQL transactions)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from applications import services
from programs.models import GrantTier
from tests.applications.factories import complete_draft, eligible_organisme
from tests.factories import tier
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

    barrier = threading.Barrier(SUBMITTERS)
    numbers, errors = [], []

    def submit(actor, application):
        try:
            barrier.wait()
            numbers.append(services.submit_application(actor=actor, application=application).number)
        except Exception as error:  # collected and shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=draft) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    year = today.year
    assert sorted(numbers) == [f"AMO-{year}-{n:04d}" for n in range(1, SUBMITTERS + 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_clicks_on_start_make_one_draft():
    organisme = eligible_organisme()
    member = member_of(organisme)
    amorcage = tier("amorcage")
    barrier = threading.Barrier(2)
    outcomes = []

    def start():
        try:
            barrier.wait()
            services.create_draft(actor=member, organisme=organisme, tier=amorcage)
            outcomes.append("created")
        except Exception as error:
            outcomes.extend(getattr(refusal, "code", None) for refusal in getattr(error, "error_list", [error]))
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["created", "open_application_exists"]
    assert organisme.applications.count() == 1
