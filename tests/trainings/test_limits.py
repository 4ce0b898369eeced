"""The training limits are configuration: changed in the admin through the service, audited with
the old and new values, never below the seats already given."""

import pytest
from django.urls import reverse

from dataide.audit.models import AuditEvent
from tests.factories import StaffUserFactory
from tests.helpers import login_staff
from trainings.models import TrainingLimits

from .factories import CohortEnrolmentFactory, program

pytestmark = pytest.mark.django_db


def _change(client, limits, **values):
    return client.post(reverse("admin:trainings_traininglimits_change", args=[limits.pk]), values)


def test_limits_changed_in_the_admin_are_audited_with_the_actor_and_the_old_and_new_values(client):
    staff = StaffUserFactory()
    login_staff(client, staff)
    limits = TrainingLimits.objects.get(program=program())

    response = _change(client, limits, nord_ouvert_seats=170, leadership_lab_places=60)
    assert response.status_code == 302
    limits.refresh_from_db()
    assert (limits.nord_ouvert_seats, limits.leadership_lab_places) == (170, 60)
    event = AuditEvent.objects.get(action="trainings.limits_update")
    assert event.actor == staff
    assert event.data == {"changes": {"nord_ouvert_seats": {"old": 180, "new": 170}}}


def test_a_limit_below_the_seats_already_given_is_refused_with_a_message(client):
    login_staff(client, StaffUserFactory())
    limits = TrainingLimits.objects.get(program=program())
    CohortEnrolmentFactory.create_batch(2)

    response = _change(client, limits, nord_ouvert_seats=1, leadership_lab_places=60)
    assert response.status_code == 200
    assert "2 organismes ont déjà une place" in response.content.decode()
    limits.refresh_from_db()
    assert limits.nord_ouvert_seats == 180
    assert not AuditEvent.objects.filter(action="trainings.limits_update").exists()
