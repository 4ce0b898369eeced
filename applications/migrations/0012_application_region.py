"""Each application carries its organisme's region (staff lists, queues and regional scoping read
the (region, tier, status) index instead of joining the organismes)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_organisme_regions(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        # SQLite (make run's default) has neither UPDATE … FROM's speed need nor deferred checks.
        schema_editor.execute(
            "UPDATE applications_application SET region_id = (SELECT organisme.region_id FROM "
            "organismes_organisme AS organisme WHERE organisme.id = applications_application.organisme_id)"
        )
        return
    # One UPDATE … FROM for every existing row (50 000 in well under a second). The region's foreign
    # key is checked at once, not at commit: the ALTER TABLE below refuses pending trigger events.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(
        "UPDATE applications_application AS application SET region_id = organisme.region_id "
        "FROM organismes_organisme AS organisme WHERE organisme.id = application.organisme_id"
    )
    schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0011_merge_decision_reviews_and_info_requests"),
        ("organismes", "0007_merge_updated_at_and_search_extensions"),
        ("programs", "0003_selectionguide"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="region",
            field=models.ForeignKey(
                db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                related_name="applications", to="programs.region", verbose_name="région",
            ),
        ),
        migrations.RunPython(copy_organisme_regions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="region",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT,
                related_name="applications", to="programs.region", verbose_name="région",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["region", "tier", "status"], name="application_region_tier_status"),
        ),
    ]
