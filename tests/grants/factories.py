"""Awarded applications made the way staff make them (the decision service), so the agreement
comes from the award hook as in production."""

import itertools
from decimal import Decimal

from applications.decisions import award_application
from applications.statuses import ApplicationStatus as S
from tests.factories import ApplicationFactory, OrganismeFactory, StaffUserFactory, tier

_numbers = itertools.count(1)


def awarded(organisme=None, *, code="amorcage", amount=Decimal("4000"), staff=None):
    """An application awarded `amount` through decisions.award_application; returns it with its
    agreement."""
    prefix = {"amorcage": "AMO", "acceleration": "ACC", "innovation": "INN"}[code]
    application = ApplicationFactory(
        organisme=organisme or OrganismeFactory(), tier=tier(code), status=S.IN_REVIEW,
        number=f"{prefix}-2026-{next(_numbers):04d}", amount_requested=amount,
    )
    award_application(actor=staff or StaffUserFactory(), application=application, amount=amount)
    application.refresh_from_db()
    return application


def awarded_quietly(organisme=None, *, code="amorcage", amount=Decimal("4000")):
    """An awarded application and its agreement built straight in the database (no audit event:
    the service walk counts the events of the refused call only)."""
    from django.utils import timezone

    from grants.models import Agreement
    from grants.services import current_text, schedule_for

    application = ApplicationFactory(
        organisme=organisme or OrganismeFactory(), tier=tier(code), status=S.AWARDED,
        number=f"AMO-2026-{next(_numbers) + 5000:04d}", amount_requested=amount, amount_awarded=amount,
    )
    text = current_text(application.tier)
    Agreement.objects.create(
        application=application, text=text, version=text.version, language="fr", amount=amount,
        schedule=schedule_for(application.tier, amount), report_due_months=text.report_due_months,
        generated_at=timezone.now(),
    )
    return application


def signed_quietly(organisme=None, **kwargs):
    """An application whose agreement is signed, built straight in the database (no audit event)."""
    from django.utils import timezone

    from grants.models import Agreement

    application = awarded_quietly(organisme, **kwargs)
    Agreement.objects.filter(application=application).update(
        signed_at=timezone.now(), signature_method="online", signed_version=1, signed_pdf_sha256="0" * 64,
        signer_name="Julie Lavoie", signer_title="Directrice", authority_confirmed=True,
    )
    type(application).objects.filter(pk=application.pk).update(status=S.AGREEMENT)
    application.refresh_from_db()
    return application
