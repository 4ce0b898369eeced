"""Data for the staff (admin) tests: regional staff, submitted applications, and many rows
made quickly with bulk_create for the query-count and export tests."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from dataide.accounts.roles import Role
from organismes.models import Organisme
from programs.models import CentraideOffice
from tests.factories import ApplicationFactory, OrganismeFactory, StaffUserFactory, region, tier
from tests.helpers import login_staff

ESTRIE = "05"
MONTREAL = "06"


def at(year, month, day, hour=12) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def regional_staff(region_code=ESTRIE):
    """Staff of the Centraide that covers only `region_code` (Centraide Estrie for 05)."""
    user = StaffUserFactory(roles=[Role.REGIONAL_CENTRAIDE])
    CentraideOffice.objects.filter(regions__code=region_code).order_by("name").first().staff.add(user)
    return user


def signed_in_team(client):
    return login_staff(client, StaffUserFactory())


def submitted_application(number, *, region_code=MONTREAL, status=ApplicationStatus.SUBMITTED, code="amorcage",
                          submitted_at=None, organisme=None, **fields):
    organisme = organisme or OrganismeFactory(region=region(region_code))
    return ApplicationFactory(
        organisme=organisme, tier=tier(code), number=number, status=status,
        submitted_at=submitted_at or timezone.now(), **fields,
    )


def bulk_applications(count, *, status=ApplicationStatus.SUBMITTED, code="amorcage", region_code=MONTREAL, start=0):
    """`count` organismes, each with one submitted application, in two INSERT batches."""
    where = region(region_code)
    organismes = Organisme.objects.bulk_create(
        [
            Organisme(
                legal_name=f"Organisme en lot {start + index}", neq=f"9{start + index:09d}", region=where,
                street_address="1, rue Principale", city="Sherbrooke", postal_code="J1H 1A1",
                mission="Soutenir les familles.",
            )
            for index in range(count)
        ],
        batch_size=2000,
    )
    the_tier = tier(code)
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                organisme=organisme, tier=the_tier, number=f"LOT-{start + index:06d}", status=status,
                title=f"Projet n° {start + index} — équipement", amount_requested=Decimal("4321.50"),
                submitted_at=now,
            )
            for index, organisme in enumerate(organismes)
        ],
        batch_size=2000,
    )
