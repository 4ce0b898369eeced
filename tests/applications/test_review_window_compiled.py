"""The application page reads its demandes de révision with SQL compiled once per process
(decision_reviews.selectors.review_window): the window must hold the rows the former query of the
application's reviews gave, in its order, whatever they became — none, pending, upheld, sent back,
another application's left out — and say the same about asking."""

import pytest
from django.urls import reverse
from django.utils import translation

from applications.decision_reviews import services as reviews
from applications.decision_reviews.models import ReviewOutcome
from applications.decision_reviews.selectors import review_window
from applications.models import Application
from tests.factories import StaffUserFactory
from tests.helpers import same_markup

from .test_decision_reviews import _ask, _declined

pytestmark = pytest.mark.django_db


def _facts(review):
    return [getattr(review, field.attname) for field in review._meta.concrete_fields] + [review._state.db, review._state.adding]


def _former_reviews(application):
    """The former query, as review_window wrote it."""
    return [_facts(review) for review in application.decision_reviews.order_by("requested_at", "pk")]


def _resolved(outcome):
    application, responsible, _decider = _declined()
    review = _ask(application, responsible)
    if outcome is not None:
        reviews.resolve_review(actor=StaffUserFactory(), review=review, outcome=outcome, response="Réponse <motivée> & claire.")
    application.refresh_from_db()
    return application


@pytest.mark.parametrize("state", ["none", "pending", ReviewOutcome.UPHELD, ReviewOutcome.SENT_BACK])
def test_the_window_holds_the_former_query_s_reviews(state, django_assert_max_num_queries):
    other = _resolved(None)  # another application's review, which must not show
    Application.objects.filter(pk=other.pk).update(number="AMO-2026-0501")  # _declined numbers each alike
    application = _declined()[0] if state == "none" else _resolved(None if state == "pending" else state)
    former = _former_reviews(application)
    with django_assert_max_num_queries(2):  # the reviews, and the decision when it can be reviewed
        window = review_window(application)
    assert [_facts(review) for review in window.reviews] == former
    assert len(former) == (0 if state == "none" else 1)
    assert window.open == (state == "none")
    assert (window.deadline is None) == (state == ReviewOutcome.SENT_BACK)


@pytest.mark.parametrize("language", ["fr-ca", "en"])
@pytest.mark.parametrize("state", ["none", "pending", ReviewOutcome.UPHELD])
def test_the_page_prints_the_window_s_reviews(client, state, language):
    application = _declined()[0] if state == "none" else _resolved(None if state == "pending" else state)
    client.force_login(application.organisme.memberships.get().user)
    with translation.override(language):
        page = same_markup(client.get(reverse("applications:detail", args=[application.pk])).content.decode())
    assert page.count('data-testid="decision-review"') == (0 if state == "none" else 1)
    assert ("demande-de-revision/" in page) == (state == "none")
    if state == ReviewOutcome.UPHELD:
        assert "Réponse &lt;motivée&gt; &amp; claire." in page
