"""Awards for the register's tests: built as the decision service leaves them (status, amount,
decision time, number), without running the whole journey for each."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from organismes.models import Organisme
from programs.models import TierCode
from tests.factories import ApplicationFactory, OrganismeFactory, region, tier

_numbers = iter(range(1, 1_000_000))


def award_time(year=2026, month=6, day=15) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 14, 30))


def award(
    *, code=TierCode.AMORCAGE, amount="4000", region_code="06", decided_at=None,
    status=ApplicationStatus.AWARDED, organisme=None, **fields,
) -> Application:
    amount = Decimal(amount)
    number = next(_numbers)
    fields.setdefault("public_summary", f"Résumé public du projet {number}.")
    fields.setdefault("number", f"T{number:05d}")
    fields.setdefault("amount_awarded", amount if status != ApplicationStatus.DECLINED else None)
    return ApplicationFactory(
        organisme=organisme or OrganismeFactory(region=region(region_code)),
        tier=tier(code), status=status, amount_requested=amount,
        submitted_at=award_time(2026, 5, 1), decided_at=decided_at or award_time(), **fields,
    )


def bulk_awards(count: int, code=TierCode.AMORCAGE, region_code="06"):
    """Many awards in a few queries (the constant-query tests need a thousand)."""
    the_region, the_tier, start = region(region_code), tier(code), next(_numbers) * 10_000
    organismes = Organisme.objects.bulk_create(
        Organisme(
            legal_name=f"Organisme en nombre {start + index}", neq=f"88{start + index:08d}"[-10:], region=the_region,
            street_address="1 rue Test", city="Montréal", postal_code="H2L 2H2", mission="Mission.",
        )
        for index in range(count)
    )
    return Application.objects.bulk_create(
        Application(
            organisme=organisme, tier=the_tier, status=ApplicationStatus.AWARDED, number=f"B{start + index}",
            title=f"Projet en nombre {index}", public_summary="Résumé public.", amount_requested=Decimal("3000"),
            amount_awarded=Decimal("3000"), submitted_at=award_time(2026, 5, 1), decided_at=award_time(),
        )
        for index, organisme in enumerate(organismes)
    )
