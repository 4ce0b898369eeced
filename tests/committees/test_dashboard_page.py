"""Each committee's section of the member's dashboard is printed from Python
(committees.dashboard_page.committee_section): it must say what the former template said
(dashboard_section_reference.html), in both languages, for a committee whose rows are on the page
(answered or not, drafted, submitted), one whose rows are on another page, one with nothing to
judge and one whose deadline passed, with names that need escaping."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from committees import selectors
from committees.dashboard_page import committee_section, dashboard_rows
from committees.models import SeatKind
from committees.selectors import member_dashboard
from dataide.accounts.roles import Role
from tests.committees.factories import CommitteeFactory, assign, declare, scorecard, seat_member
from tests.factories import UserFactory
from tests.helpers import login_staff, same_markup

pytestmark = pytest.mark.django_db
REFERENCE = engines["django"].from_string((Path(__file__).parent / "dashboard_section_reference.html").read_text())


def _former(entry) -> str:
    lines = mark_safe(dashboard_rows(entry.assignments))
    return same_markup(REFERENCE.render({"entry": entry, "lines": lines}, RequestFactory().get("/")))


def _member_of_three_committees():
    """A member judging three committees (the dashboard sorts them by deadline): one whose
    deadline passed with nothing assigned, one with rows of every progress, one with one row."""
    member = UserFactory(roles=[Role.COMMITTEE_MEMBER])
    busy = CommitteeFactory(name="Comité <Montréal> & « cie »", seated=False)
    closed = CommitteeFactory(name="Comité fermé", scoring_deadline=timezone.localdate() - timedelta(days=1), seated=False)
    later = CommitteeFactory(name="Comité d'après", scoring_deadline=timezone.localdate() + timedelta(days=60), seated=False)
    for committee in (busy, closed, later):
        seat_member(committee, SeatKind.COMMUNITY_ORGANISATION, user=member)
    todo, answered, drafted, submitted = (assign(busy, title=f"Projet <{index}> & cie") for index in range(4))
    declare(answered, member)
    count = drafted.application.tier.current_criteria_set.criteria.count()
    scorecard(drafted, member, [3] * count, submitted=False)
    scorecard(submitted, member, [4] * count)
    assign(later, title="", number="AMO-2027-0001")
    return member, todo


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_each_committee_says_what_the_former_template_said(client, monkeypatch, language):
    member, _todo = _member_of_three_committees()
    with translation.override(language):
        dashboard = member_dashboard(member)
        sections = dashboard.committees
        assert [len(entry.assignments) for entry in sections] == [0, 4, 1]
        for entry in sections:
            assert same_markup(str(committee_section(entry))) == _former(entry)
        # Rows on another page: the last committee's one row is on page 2 of 4-row pages.
        monkeypatch.setattr(selectors, "DASHBOARD_PER_PAGE", 4)
        entry = member_dashboard(member, page=1).committees[2]
        assert entry.total == 1 and not entry.assignments
        assert same_markup(str(committee_section(entry))) == _former(entry)
        # The page prints them.
        login_staff(client, member)
        page = same_markup(client.get(reverse("committees:dashboard")).content.decode())
        assert all(_former(entry) in page for entry in member_dashboard(member, page=1).committees)
    busy = _former(sections[1])
    assert "Comité &lt;Montréal&gt; &amp; « cie »" in busy and "Projet &lt;0&gt; &amp; cie" in busy
    assert "text-bg-dark" in _former(sections[0]) and "text-bg-dark" not in busy


def test_a_member_of_no_committee_sees_so(client):
    other = UserFactory()
    login_staff(client, other)
    page = client.get(reverse("committees:dashboard")).content.decode()
    assert "Vous ne siégez à aucun comité de sélection." in page and "<section" not in page
