from django.db import migrations


def load(apps, schema_editor):
    from programs.reference_data import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    # Reversing leaves the data: staff may have edited it, and dropping the tables removes it anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
