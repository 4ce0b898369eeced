"""The budget actually spent is asked line by line in its own step of the final report (amounts,
not prose): the text question that asked it goes (idempotent, like the data migrations before)."""

from django.db import migrations


def forward(apps, schema_editor):
    apps.get_model("grants", "ReportQuestion").objects.filter(key="budget_reel").delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0007_report_spent_and_attachments")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
