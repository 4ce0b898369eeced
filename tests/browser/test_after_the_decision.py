"""After a decline, in the browser and axe-checked: the organisme asks for a review from its
application page, then another staff member opens the feedback letter, the review and the
committee's calibration."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import decisions
from applications.decision_reviews.models import DecisionReview
from tests.browser.journey import PREFIX, sign_in
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory
from tests.helpers import enable_totp
from tests.organismes.factories import member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _declined():
    committee = CommitteeFactory(scoring_deadline=timezone.localdate() - timedelta(days=1))
    assignment = assign(committee, number="AMO-2026-0500", submitted_at=timezone.now())
    for person, scores in zip(
        members(committee), ([4, 3, 5, 2], [3, 3, "na", 1], [5, 4, 4, 2], [2, 2, 2, 2]), strict=True
    ):
        scorecard(assignment, person, scores, comment="Un besoin clair.")
    application = assignment.application
    responsible = member_of(application.organisme)
    decisions.decline_application(
        actor=StaffUserFactory(), application=application, reason="Le budget n'est pas justifié."
    )
    return committee, application, responsible


def test_the_organisme_asks_for_a_review_and_the_team_answers(live_server, people):
    committee, application, responsible = _declined()
    base = live_server.url
    organisme = people()
    sign_in(organisme, base, "fr", responsible.email, DEFAULT_PASSWORD, "organisme")
    organisme.goto(f"{base}{PREFIX['fr']}/demandes/{application.pk}/", "demande-refusee")
    organisme.click("main a:has-text('Demander une révision')", "demande-de-revision")
    organisme.page.fill("main textarea[name=reason]", "Notre budget était joint en annexe.")
    organisme.click("main form button[type=submit]", "revision-envoyee")
    review = DecisionReview.objects.get(application=application)

    staff = StaffUserFactory()
    team = people()
    sign_in(team, base, "fr", staff.email, DEFAULT_PASSWORD, "equipe", enable_totp(staff))
    team.goto(base + reverse("committees:feedback_letter", args=[application.pk]), "lettre-de-retroaction")
    assert team.page.locator("main textarea").count() >= 1
    team.goto(base + reverse("committees:decision_review", args=[review.pk]), "revision-a-traiter")
    assert "Notre budget était joint en annexe." in team.page.inner_text("main")
    team.goto(base + reverse("committees:calibration", args=[committee.pk]), "calibration")
    assert team.page.locator("main table").count() >= 1

    violations = organisme.violations + team.violations
    assert not violations, "axe-core (serious/critical):\n" + "\n".join(violations)
