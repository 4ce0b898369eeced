"""Version 1 of each tier's agreement text and its payment schedule (idempotent: the tests run
data migrations again after a flush)."""

from decimal import Decimal

from django.db import migrations

BODY_FR = (
    "L'organisme utilise la bourse pour réaliser le projet décrit dans sa demande, selon le budget présenté. "
    "Tout changement important au budget ou à l'échéancier fait l'objet d'une demande de modification. "
    "Les sommes non utilisées aux fins du projet sont remboursées."
)
BODY_EN = (
    "The organisme uses the grant to carry out the project described in its application, following the budget "
    "it presented. Any significant change to the budget or the timeline is the subject of an amendment request. "
    "Amounts not used for the project are paid back."
)
# Amorçage is paid at signature; the larger tiers keep 20 % until the final report is accepted.
SCHEDULES = {
    "amorcage": [(Decimal("100"), "signature")],
    "acceleration": [(Decimal("80"), "signature"), (Decimal("20"), "report_accepted")],
    "innovation": [(Decimal("80"), "signature"), (Decimal("20"), "report_accepted")],
}


def forward(apps, schema_editor):
    GrantTier = apps.get_model("programs", "GrantTier")
    AgreementText = apps.get_model("grants", "AgreementText")
    PaymentStep = apps.get_model("grants", "PaymentStep")
    for tier in GrantTier.objects.filter(code__in=SCHEDULES):
        AgreementText.objects.get_or_create(
            tier=tier, version=1, defaults={"body_fr": BODY_FR, "body_en": BODY_EN, "report_due_months": 12}
        )
        if not PaymentStep.objects.filter(tier=tier).exists():
            for position, (percent, trigger) in enumerate(SCHEDULES[tier.code]):
                PaymentStep.objects.create(tier=tier, position=position, percent=percent, trigger=trigger)


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial"), ("programs", "0002_reference_data")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
