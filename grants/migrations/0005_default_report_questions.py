"""The short final report of every tier (idempotent: the tests run data migrations again)."""

from django.db import migrations

QUESTIONS = [
    ("realisations", "Qu'avez-vous réalisé ?", "What did you do?"),
    ("achats", "Qu'avez-vous acheté ou payé avec la bourse ?", "What did you buy or pay for with the grant?"),
    ("changements", "Qu'est-ce qui a changé pour l'organisme ?", "What changed for the organisme?"),
    ("difficultes", "Quelles difficultés avez-vous rencontrées ?", "What difficulties did you meet?"),
    ("budget_reel", "Le budget réellement dépensé, ligne par ligne", "The budget actually spent, line by line"),
]


def forward(apps, schema_editor):
    GrantTier = apps.get_model("programs", "GrantTier")
    ReportQuestion = apps.get_model("grants", "ReportQuestion")
    for tier in GrantTier.objects.all():
        for position, (key, label_fr, label_en) in enumerate(QUESTIONS):
            ReportQuestion.objects.get_or_create(
                tier=tier, key=key, defaults={"position": position, "label_fr": label_fr, "label_en": label_en}
            )


class Migration(migrations.Migration):
    dependencies = [("grants", "0004_reports")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
