"""The trainer's cohort and session pages read their rows through SQL compiled once per process
(dataide.compiled: the cohort or session opened by id for its trainer, the sessions and the
enrolments with their presence counts, the attendance of a session): each page must be the one
its querysets give through the ORM, in both languages, for a cohort with sessions held and to
come, attendances, a completed enrolment and names to escape; and another cohort's trainer, a
missing or a huge id get the same 404 both ways."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dataide.compiled import through_the_orm
from tests.factories import OrganismeFactory
from tests.helpers import login_staff, without_csrf
from trainings.models import SessionAttendance

from .factories import CohortEnrolmentFactory, CohortFactory, CohortSessionFactory, TrainerFactory

pytestmark = pytest.mark.django_db


def _cohort(trainer, co_trainer):
    cohort = CohortFactory(trainers=[trainer, co_trainer], name="Cohorte « données » & <co>")
    held = [CohortSessionFactory(cohort=cohort, title=f"Séance <{n}>", starts_at=timezone.now() - timedelta(days=10 - n)) for n in range(3)]
    CohortSessionFactory(cohort=cohort, starts_at=timezone.now() + timedelta(days=5))
    enrolments = [
        CohortEnrolmentFactory(cohort=cohort, organisme=OrganismeFactory(legal_name=name))
        for name in ["Zèbre & fils", "<Abeilles> du coin", "Maison « Ouverte »"]
    ]
    for session in held:
        for enrolment in enrolments[: 1 + held.index(session)]:
            SessionAttendance.objects.create(session=session, enrolment=enrolment)
    enrolments[0].completed_at = timezone.now() - timedelta(days=1)
    enrolments[0].save()
    return cohort, held


def _page(client, url, language):
    with translation.override(language):
        response = client.get(url)
    return response.status_code, without_csrf(response.content.decode())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_the_trainers_pages_are_the_ones_their_querysets_give_through_the_orm(client, language):
    co_trainer, trainer = TrainerFactory(), TrainerFactory()
    login_staff(client, trainer)
    cohort, held = _cohort(trainer, co_trainer)
    other, _held = _cohort(TrainerFactory(), TrainerFactory())  # its trainers: the next ids after ours
    # Reversed in the page's language: the address's prefix (/fr/, /en/) chooses it.
    with translation.override(language):
        urls = [
            reverse("trainings:trainings_staff:cohort", args=[cohort.pk]),
            reverse("trainings:trainings_staff:session", args=[held[1].pk]),
            reverse("trainings:trainings_staff:session", args=[cohort.sessions.order_by("-starts_at").first().pk]),
        ]
        refused = [
            reverse("trainings:trainings_staff:cohort", args=[other.pk]),
            reverse("trainings:trainings_staff:session", args=[other.sessions.first().pk]),
            reverse("trainings:trainings_staff:cohort", args=[999_999_999]),
            reverse("trainings:trainings_staff:session", args=[2**70]),
        ]
    for url in urls + refused:
        compiled = _page(client, url, language)
        with through_the_orm():
            assert _page(client, url, language) == compiled
        assert compiled[0] == (200 if url in urls else 404)
    cohort_page, session_page = _page(client, urls[0], language)[1], _page(client, urls[1], language)[1]
    # The data did reach the pages: the presence counts, the completion, the names escaped, the ticks.
    assert "&lt;Abeilles&gt; du coin" in cohort_page and "Séance &lt;0&gt;" in cohort_page and ">3 / 4<" in cohort_page
    assert cohort_page.count("Marquer terminée" if language == "fr-ca" else "Mark completed") == 2
    assert session_page.count(" checked") == 2 and "Maison « Ouverte »" in session_page
