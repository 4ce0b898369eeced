"""The trainer's cohort and session pages print their rows from Python (trainings.trainer_rows):
each page must say what its former template said (trainer_*_reference.html, rendered as the
former views fed it), in both languages, with names and titles that need escaping, for a
completed and a pending enrolment, an empty cohort, and attendance forms rejected by the form and
by the service."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import Count, Exists, OuterRef
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import OrganismeFactory
from tests.helpers import comparable, login_staff
from trainings.forms import SessionAttendanceForm
from trainings.models import SessionAttendance

from .factories import CohortEnrolmentFactory, CohortFactory, CohortSessionFactory, TrainerFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["fr-ca", "en"]
HERE = Path(__file__).parent
COHORT_REFERENCE = engines["django"].from_string((HERE / "trainer_cohort_reference.html").read_text())
SESSION_REFERENCE = engines["django"].from_string((HERE / "trainer_session_reference.html").read_text())


def assert_page_says(response, reference):
    assert response.status_code == 200
    assert comparable(reference) in comparable(response.content.decode())


@pytest.fixture
def trainer(client):
    user = TrainerFactory()
    login_staff(client, user)
    return user


@pytest.fixture
def cohort(trainer):
    """Three sessions, three organismes (one completed), names and titles to escape."""
    cohort = CohortFactory(trainers=[trainer], name="Cohorte <Nord> & « Sud »")
    now = timezone.now()
    sessions = [
        CohortSessionFactory(cohort=cohort, title=title, starts_at=now - timedelta(days=days))
        for title, days in [("Données & <tableaux>", 20), ('Le "nuage" d\'abord', 10), ("Bilan", 1)]
    ]
    enrolments = [
        CohortEnrolmentFactory(cohort=cohort, organisme=OrganismeFactory(legal_name=name))
        for name in ["Maison <des> jeunes", "L'Entraide & Cie", 'Centre "Ami"']
    ]
    for session in sessions[:2]:
        SessionAttendance.objects.create(session=session, enrolment=enrolments[0])
    SessionAttendance.objects.create(session=sessions[0], enrolment=enrolments[1])
    enrolments[0].completed_at = now - timedelta(hours=5)
    enrolments[0].save(update_fields=["completed_at"])
    return cohort


def former_cohort_page(cohort, request):
    return COHORT_REFERENCE.render({
        "cohort": cohort,
        "sessions": cohort.sessions.annotate(present=Count("attendances")).order_by("starts_at"),
        "enrolments": cohort.enrolments.select_related("organisme")
        .annotate(present=Count("attendances"))
        .order_by("organisme__legal_name"),
    }, request)


def former_session_page(session, form, request):
    return SESSION_REFERENCE.render({"session": session, "form": form, "upcoming": session.starts_at > timezone.now()}, request)


def former_unbound_form(session):
    enrolments = (
        session.cohort.enrolments.select_related("organisme")
        .annotate(is_present=Exists(SessionAttendance.objects.filter(session=session, enrolment=OuterRef("pk"))))
        .order_by("organisme__legal_name")
    )
    return SessionAttendanceForm(initial={"present": [e.pk for e in enrolments if e.is_present]}, enrolments=enrolments)


def staff_url(name, pk):
    return reverse(f"trainings:trainings_staff:{name}", args=[pk])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("empty", [False, True])
def test_the_cohort_page_says_what_its_template_said(client, trainer, cohort, language, empty):
    if empty:
        cohort = CohortFactory(trainers=[trainer])
    with translation.override(language):
        response = client.get(staff_url("cohort", cohort.pk))
        assert_page_says(response, former_cohort_page(cohort, response.wsgi_request))
    page = response.content.decode()
    if not empty:
        assert "Maison &lt;des&gt; jeunes" in page and "Données &amp; &lt;tableaux&gt;" in page
        assert page.count('name="csrfmiddlewaretoken"') >= 2  # the two pending enrolments' forms


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_session_page_says_what_its_template_said(client, cohort, language):
    session = cohort.sessions.order_by("starts_at").first()
    with translation.override(language):
        response = client.get(staff_url("session", session.pk))
        assert_page_says(response, former_session_page(session, former_unbound_form(session), response.wsgi_request))
    assert response.content.decode().count(" checked>") == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_cohort_s_session_page_says_what_its_template_said(client, trainer, language):
    session = CohortSessionFactory(cohort=CohortFactory(trainers=[trainer]))
    with translation.override(language):
        response = client.get(staff_url("session", session.pk))
        assert_page_says(response, former_session_page(session, former_unbound_form(session), response.wsgi_request))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("rejected_by", ["form", "service"])
def test_a_rejected_attendance_form_says_what_its_template_said_and_keeps_the_ticks(client, cohort, language, rejected_by):
    session = cohort.sessions.order_by("starts_at").first()
    enrolments = list(cohort.enrolments.order_by("organisme__legal_name"))
    recorded = {enrolments[1].pk, enrolments[2].pk}  # the fixture's presence at the first session
    ticked = [enrolments[0].pk, enrolments[1].pk]
    if rejected_by == "form":
        ticked.append(CohortEnrolmentFactory().pk)  # another cohort's organisme
    else:
        session.starts_at = timezone.now() + timedelta(days=1)  # attendance is noted once it began
        session.save(update_fields=["starts_at"])
    with translation.override(language):
        response = client.post(staff_url("session", session.pk), {"present": ticked})
        form = response.context["form"]
        assert form.errors
        assert_page_says(response, former_session_page(session, form, response.wsgi_request))
    page = response.content.decode()
    assert ('class="invalid-feedback"' if rejected_by == "form" else "alert-danger") in page
    for enrolment in enrolments:
        box = re.search(rf'value="{enrolment.pk}"[^>]*>', page).group(0)
        assert ("checked" in box) == (enrolment.pk in ticked)
    assert set(SessionAttendance.objects.filter(session=session).values_list("enrolment", flat=True)) == recorded


def test_the_forms_written_from_python_carry_a_working_csrf_token(trainer, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)  # the fixture enrolled them in two-step verification
    page = client.get(staff_url("cohort", cohort.pk)).content.decode()
    action, token = re.search(r'<form method="post" action="([^"]+)"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', page).groups()
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.post(action).status_code == 403
