"""What committee members read of an application: an explicit list of the answers, so a field
added to the application later never reaches scorers by itself."""

import pytest
from django.db import models
from django.urls import reverse

from applications.display import SCORER_FIELDS, scorer_sections
from committees.selectors import application_sections
from tests.applications.factories import complete_draft, eligible_organisme
from tests.committees.factories import CommitteeFactory, declare, members
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def test_a_new_internal_field_never_reaches_scorers(monkeypatch):
    application = complete_draft(eligible_organisme())
    internal = models.TextField("évaluation interne de l'équipe")
    internal.set_attributes_from_name("staff_assessment")
    monkeypatch.setattr(type(application)._meta, "concrete_fields", (*type(application)._meta.concrete_fields, internal))
    application.staff_assessment = "Dossier fragile, à surveiller."

    shown = dict(application_sections(application))
    assert "Dossier fragile, à surveiller." not in shown.values()
    assert list(shown.values()) == [getattr(application, name) for name in SCORER_FIELDS]


def test_the_committee_page_shows_the_answers_and_not_the_decision_reason(client):
    committee = CommitteeFactory()
    application = complete_draft(
        eligible_organisme(), status="in_review", decision_reason="Motif interne d'un ancien refus.",
    )
    application.organisme.region = committee.region
    application.organisme.save(update_fields=["region"])
    assignment = committee.assignments.create(application=application)
    member = members(committee)[0]
    declare(assignment, member)
    login_staff(client, member)
    page = client.get(reverse("committees:application", args=[application.pk])).content.decode()
    assert all(text in page for _label, text in scorer_sections(application))
    assert "Nos ordinateurs ont dix ans." in page and "Motif interne" not in page
