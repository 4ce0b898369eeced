from django.db import migrations

INDICATORS = [
    ("persons_reached", "Personnes rejointes grâce au projet", "People reached through the project"),
    ("services_online", "Services maintenant offerts en ligne", "Services now offered online"),
    ("hours_saved", "Heures de travail libérées par mois", "Work hours freed per month"),
    ("volunteers_trained", "Bénévoles formés aux nouveaux outils", "Volunteers trained on the new tools"),
]


def forward(apps, schema_editor):
    indicator = apps.get_model("impact", "Indicator")
    for position, (code, label_fr, label_en) in enumerate(INDICATORS):
        indicator.objects.get_or_create(code=code, defaults={"label_fr": label_fr, "label_en": label_en, "position": position})


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
