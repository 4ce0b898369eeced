from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from applications.eligibility import eligibility, eligibility_for_all_tiers
from applications.models import ApplicationStatus
from programs.models import GrantTier
from tests.applications.factories import eligible_organisme, open_gate
from tests.factories import ApplicationFactory, OrganismeFactory, tier

pytestmark = pytest.mark.django_db


def test_open_gate_and_window_mean_the_organisme_may_apply_and_says_why():
    answer = eligibility(eligible_organisme(), tier("amorcage"))
    assert answer.may_apply and answer.reasons == []
    assert answer.summary_fr.startswith("Vous avez assisté au webinaire du ")
    assert answer.summary_fr.endswith("Vous pouvez demander une bourse Amorçage.")
    assert "Seed" in answer.summary_en or "seed" in answer.summary_en.lower()
    assert answer.summary_en.startswith("You attended")  # the gate's evidence, in English too


def test_closed_gate_gives_the_next_step_in_both_languages():
    answer = eligibility(OrganismeFactory(), tier("amorcage"))
    assert not answer.may_apply
    assert answer.codes == ["gate_closed"]
    reason = answer.reasons[0]
    assert reason.message_fr.startswith("Il faut d'abord assister à un webinaire de sensibilisation")
    assert "webinar" in reason.message_en and reason.message_en != reason.message_fr  # read in French, written in English
    with translation.override("en"):
        assert reason.message == reason.message_en
    assert reason.message == reason.message_fr


@pytest.mark.parametrize("code", ["acceleration", "innovation"])
def test_each_tier_reads_its_own_gate(code):
    organisme = eligible_organisme("amorcage")
    assert eligibility(organisme, tier(code)).codes == ["gate_closed"]
    open_gate(organisme, code)
    assert eligibility(organisme, tier(code)).may_apply


def test_window_not_open_then_closed():
    organisme = eligible_organisme()
    amorcage = tier("amorcage")
    today = timezone.localdate()
    GrantTier.objects.filter(pk=amorcage.pk).update(window_opens_on=today + timedelta(days=3), window_closes_on=today + timedelta(days=30))
    amorcage.refresh_from_db()
    assert eligibility(organisme, amorcage).codes == ["window_not_open"]
    assert eligibility(organisme, amorcage, on=today + timedelta(days=31)).codes == ["window_closed"]


def test_open_application_and_past_award_block_the_tier():
    organisme = eligible_organisme()
    draft = ApplicationFactory(organisme=organisme, status=ApplicationStatus.SUBMITTED)
    answer = eligibility(organisme, tier("amorcage"))
    assert answer.codes == ["open_application_exists"] and answer.open_application.pk == draft.pk
    assert eligibility(organisme, tier("amorcage"), ignore_application=draft).may_apply

    ApplicationFactory(organisme=organisme, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("4000"))
    draft.status = ApplicationStatus.WITHDRAWN
    draft.save()
    answer = eligibility(organisme, tier("amorcage"))
    assert answer.codes == ["already_awarded"]
    assert "déjà reçu une bourse Amorçage" in answer.reasons[0].message_fr


def test_quota_then_budget_exhausted():
    organisme = eligible_organisme()
    innovation = tier("innovation")
    open_gate(organisme, "innovation")
    GrantTier.objects.filter(pk=innovation.pk).update(quota=1)
    ApplicationFactory(tier=innovation, status=ApplicationStatus.AWARDED, amount_awarded=Decimal("1000"))
    assert eligibility(organisme, innovation).codes == ["quota_exhausted"]

    GrantTier.objects.filter(pk=innovation.pk).update(quota=5, budget_envelope=Decimal("1000"))
    assert eligibility(organisme, innovation).codes == ["budget_exhausted"]


def test_all_tiers_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    organisme = eligible_organisme()
    ApplicationFactory.create_batch(20, organisme=organisme, status=ApplicationStatus.WITHDRAWN)
    with django_assert_max_num_queries(12):
        answers = eligibility_for_all_tiers(organisme)
    assert [answer.tier.code for answer in answers] == ["amorcage", "acceleration", "innovation"]
    assert [answer.may_apply for answer in answers] == [True, False, False]


def test_the_dashboards_applications_give_the_same_answers_as_asking_again():
    """The dashboard hands over every application it lists (withdrawn and declined ones too):
    only the open and awarded ones count, exactly as when the answer reads them itself."""
    from applications.selectors import applications_of

    organisme = eligible_organisme()
    ApplicationFactory(organisme=organisme, tier=tier("amorcage"), status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory(organisme=organisme, tier=tier("amorcage"), status=ApplicationStatus.DRAFT)
    ApplicationFactory(organisme=organisme, tier=tier("acceleration"), status=ApplicationStatus.DECLINED)
    asked = eligibility_for_all_tiers(organisme)
    handed = eligibility_for_all_tiers(organisme, applications=list(applications_of(organisme)))

    def seen(answers):
        return [(a.tier.code, a.may_apply, a.codes, a.open_application and a.open_application.pk,
                 a.awarded_application and a.awarded_application.pk, a.summary_fr) for a in answers]

    assert seen(handed) == seen(asked)
    assert "open_application_exists" in asked[0].codes


@pytest.mark.parametrize(
    "day,codes",
    [
        ("opening_eve", ["window_not_open"]),
        ("opening_day", []),
        ("closing_day", []),
        ("closing_morrow", ["window_closed"]),
    ],
)
def test_the_window_includes_its_opening_and_closing_days(day, codes):
    organisme = eligible_organisme()
    amorcage = tier("amorcage")
    opens, closes = date(2027, 3, 1), date(2027, 4, 30)
    GrantTier.objects.filter(pk=amorcage.pk).update(window_opens_on=opens, window_closes_on=closes)
    amorcage.refresh_from_db()
    on = {
        "opening_eve": opens - timedelta(days=1), "opening_day": opens,
        "closing_day": closes, "closing_morrow": closes + timedelta(days=1),
    }[day]
    assert eligibility(organisme, amorcage, on=on).codes == codes
