from django.db import migrations


def create_limits(apps, schema_editor):
    """180 Nord Ouvert seats and 60 lab places, as the program announced them; staff may edit."""
    Program = apps.get_model("programs", "Program")
    TrainingLimits = apps.get_model("trainings", "TrainingLimits")
    for program in Program.objects.all():
        TrainingLimits.objects.get_or_create(program=program)


class Migration(migrations.Migration):
    dependencies = [("trainings", "0001_initial"), ("programs", "0002_reference_data")]

    operations = [migrations.RunPython(create_limits, migrations.RunPython.noop)]
