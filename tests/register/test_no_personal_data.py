"""No personal data in any public page or file of the register: a data set full of people (members,
deciders, committee members, their comments, addresses and the private answers of the form) is
built, then every public output is scanned for each of those values."""

import pytest

from applications.models import ApplicationStatus
from committees.models import ConflictDeclaration, Scorecard, SeatKind
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import MembershipFactory, OrganismeFactory, StaffUserFactory, UserFactory, region

pytestmark = pytest.mark.django_db

PRIVATE_ANSWERS = {
    "need": "Besoin privé : notre directrice Ginette Tremblay manque d'un portable.",
    "project_summary": "Résumé interne réservé au comité.",
    "expected_results": "Résultats confidentiels attendus.",
    "decision_reason": "Motif communiqué en privé.",
}


def _people_and_secrets():
    """Every award is surrounded by people; returns the values that must never be public."""
    secrets = set(PRIVATE_ANSWERS.values())
    committee = CommitteeFactory(region=region("06"))
    decider = StaffUserFactory(full_name="Décideuse Rivard", email="decideuse.rivard@centraide.example")
    for index, status in enumerate((ApplicationStatus.AWARDED, ApplicationStatus.PAID, ApplicationStatus.DECLINED)):
        organisme = OrganismeFactory(
            region=region("06"), street_address=f"{1200 + index}, rue Privée", postal_code="H1A 1A1",
            mission=f"Mission détaillée numéro {index}",
        )
        member = UserFactory(full_name=f"Membre Personne{index}", email=f"personne{index}@organisme.example")
        MembershipFactory(organisme=organisme, user=member)
        assignment = assign(
            committee, organisme=organisme, status=status, number=f"AMO-2026-09{index:02d}", title=f"Projet public {index}",
            amount_requested=4000, amount_awarded=None if status == ApplicationStatus.DECLINED else 4000,
            public_summary=f"Résumé public {index}.", decided_by=decider, **PRIVATE_ANSWERS,
        )
        assignment.application.submitted_at = assignment.application.created_at
        assignment.application.decided_at = assignment.application.created_at
        assignment.application.save(update_fields=["submitted_at", "decided_at"])
        for seat_user in members(committee):
            scorecard(assignment, seat_user, [3] * assignment.application.tier.current_criteria_set.criteria.count(),
                      comment=f"Commentaire de {seat_user.full_name}")
        secrets |= {member.full_name, member.email, organisme.street_address, organisme.mission}
    conflicted = members(committee)[0]
    ConflictDeclaration.objects.filter(member=conflicted).update(has_conflict=True, note="Ma sœur y travaille.")
    secrets |= {"Ma sœur y travaille.", decider.full_name, decider.email}
    for seat in committee.seats.select_related("user"):
        secrets |= {seat.user.full_name, seat.user.email, seat.organisation}
    secrets |= set(Scorecard.objects.values_list("general_comment", flat=True))
    assert SeatKind.DATAIDE_TEAM in committee.seats.values_list("kind", flat=True)
    return {secret for secret in secrets if secret}


def _public_outputs(client) -> dict[str, str]:
    paths = ["/fr/octrois/", "/en/grants/", "/fr/octrois/comment-les-bourses-sont-attribuees/",
             "/en/grants/how-grants-are-awarded/", "/fr/octrois/donnees.json", "/fr/octrois/donnees.csv",
             "/en/grants/data.json", "/en/grants/data.csv"]
    paths += [f"/fr/octrois/AMO-2026-09{index:02d}/" for index in (0, 1)]
    outputs = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        outputs[path] = body.decode("utf-8-sig")
    return outputs


def test_no_public_output_names_a_person_or_shows_a_private_answer(client):
    secrets = _people_and_secrets()
    outputs = _public_outputs(client)

    assert "Projet public 0" in outputs["/fr/octrois/"]  # the scan reads real pages
    leaks = [(path, secret) for path, text in outputs.items() for secret in secrets if secret in text]
    assert leaks == []
