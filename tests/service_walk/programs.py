"""Unauthorised actors for the programs services: regional Centraide staff follow their region
but never change the program's configuration or its criteria."""

from dataide.accounts.roles import Role
from programs import services
from programs.models import CentraideOffice, CriteriaSet, Program, YearShare
from tests.factories import StaffUserFactory, UserFactory, region, tier


def _regional():
    return StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])


def _save_program():
    program = Program.objects.get()
    program.reach_target = 1
    services.save_program(actor=_regional(), program=program, fields=["reach_target"])


def _save_tier():
    amorcage = tier()
    amorcage.quota = 1000
    services.save_tier(actor=_regional(), tier=amorcage, fields=["quota"])


def _save_centraide_office():
    office = CentraideOffice.objects.first()
    services.save_centraide_office(actor=_regional(), office=office, regions=[region("06")])


def _create_criteria_draft():
    services.create_criteria_draft(actor=_regional(), tier=tier())


def _draft():
    # Made directly: a setup through the service would write the audit event the walk counts.
    return CriteriaSet.objects.create(tier=tier(), version=99)


def _criteria_changed():
    services.criteria_changed(actor=UserFactory(), criteria_set=_draft())


def _publish_criteria_set():
    services.publish_criteria_set(actor=_regional(), criteria_set=_draft())


def _save_year_share():
    services.save_year_share(
        actor=_regional(), share=YearShare(tier=tier(), year=1, places=10, envelope=50000)
    )


def _delete_year_share():
    share = YearShare.objects.create(tier=tier(), year=1, places=10, envelope=50000)
    services.delete_year_share(actor=_regional(), share=share)


CASES = {
    "programs.services.save_program": _save_program,
    "programs.services.save_tier": _save_tier,
    "programs.services.save_centraide_office": _save_centraide_office,
    "programs.services.create_criteria_draft": _create_criteria_draft,
    "programs.services.criteria_changed": _criteria_changed,
    "programs.services.publish_criteria_set": _publish_criteria_set,
    "programs.services.save_year_share": _save_year_share,
    "programs.services.delete_year_share": _delete_year_share,
}
