"""Regional Centraide staff see and act only on their region's organismes, applications and
attendance: lists are filtered, another region's pages answer 404, actions skip what they cannot see."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.models import ApplicationStatus as S
from tests.applications.factories import AttachmentFactory
from tests.helpers import login_staff
from tests.staff.factories import ESTRIE, MONTREAL, regional_staff, submitted_application
from tests.trainings.factories import WebinarAttendanceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def estrie_client(client):
    return login_staff(client, regional_staff(ESTRIE))


@pytest.fixture
def both():
    return {
        "ours": submitted_application("AMO-2026-0501", region_code=ESTRIE),
        "theirs": submitted_application("AMO-2026-0601", region_code=MONTREAL),
    }


def test_lists_show_only_their_region(estrie_client, both):
    response = estrie_client.get(reverse("admin:applications_application_changelist"))
    assert [a.number for a in response.context["cl"].result_list] == ["AMO-2026-0501"]
    response = estrie_client.get(reverse("admin:organismes_organisme_changelist"))
    assert list(response.context["cl"].result_list) == [both["ours"].organisme]
    WebinarAttendanceFactory(organisme=both["ours"].organisme)
    WebinarAttendanceFactory(organisme=both["theirs"].organisme)
    response = estrie_client.get(reverse("admin:trainings_webinarattendance_changelist"))
    assert [row.organisme for row in response.context["cl"].result_list] == [both["ours"].organisme]


def test_another_regions_pages_answer_404(estrie_client, both):
    theirs = both["theirs"]
    attachment = AttachmentFactory(application=theirs)
    attendance = WebinarAttendanceFactory(organisme=theirs.organisme)
    for url in [
        reverse("admin:applications_application_change", args=[theirs.pk]),
        reverse("admin:applications_application_history", args=[theirs.pk]),
        reverse("admin:organismes_organisme_change", args=[theirs.organisme.pk]),
        reverse("admin:trainings_webinarattendance_change", args=[attendance.pk]),
        reverse("admin:applications_application_attachment", args=[theirs.pk, attachment.pk]),
    ]:
        assert estrie_client.get(url).status_code == 404, url
    assert estrie_client.post(
        reverse("admin:applications_application_decide", args=[theirs.pk]), {"decision": "waitlist"}
    ).status_code == 404
    # Their own region's pages open: the 404 is about the region.
    assert estrie_client.get(reverse("admin:applications_application_change", args=[both["ours"].pk])).status_code == 200
    # A missing id answers the same 404.
    assert estrie_client.get(reverse("admin:applications_application_change", args=[999999])).status_code == 404


def test_actions_skip_another_regions_applications(estrie_client, both):
    estrie_client.post(reverse("admin:applications_application_changelist"), {
        "action": "screen_eligible", "_selected_action": [both["ours"].pk, both["theirs"].pk],
        "confirmer": "oui", "text": "",
    })
    assert Application.objects.get(pk=both["ours"].pk).status == S.ELIGIBLE
    assert Application.objects.get(pk=both["theirs"].pk).status == S.SUBMITTED


def test_exports_hold_only_their_region(estrie_client, both):
    response = estrie_client.get(reverse("admin:applications_application_export"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "AMO-2026-0501" in content and "AMO-2026-0601" not in content


def test_messages_are_limited_to_their_regions_organismes(estrie_client, both):
    from django.db import transaction

    from organismes.services import notify_members
    from tests.factories import MembershipFactory

    for application in both.values():
        MembershipFactory(organisme=application.organisme)
        with transaction.atomic():
            notify_members(organisme=application.organisme, template="draft_idle",
                           context={"application": application, "application_url": "http://testserver/"}, about=application)
    response = estrie_client.get(reverse("admin:outbox_outboxmessage_changelist"))
    assert [message.addressee for message in response.context["cl"].result_list] == [both["ours"].organisme]
