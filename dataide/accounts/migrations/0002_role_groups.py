from django.db import migrations


def create_groups(apps, schema_editor):
    from dataide.accounts.roles import create_role_groups

    create_role_groups(apps.get_model("auth", "Group"))


class Migration(migrations.Migration):
    """The four roles; their permissions are synced after every migrate (see roles.py)."""

    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
