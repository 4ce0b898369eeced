"""The status history kept one « note » that the organisme read in its history, although staff
typed some of them for themselves (issue 12). It becomes the message to the organisme, beside a
note only staff read; the notes that were internal move there."""

from django.db import migrations, models


def move_internal_notes(apps, schema_editor):
    StatusChange = apps.get_model("applications", "StatusChange")
    # The optional note of « admissible » was typed by staff for staff, and the note of an
    # assignment to a committee is the committee's name: neither was meant for the organisme.
    internal = StatusChange.objects.filter(to_status="eligible") | StatusChange.objects.filter(
        from_status="eligible", to_status="in_review"
    )
    for change in internal.exclude(message=""):
        change.internal_note, change.message = change.message, ""
        change.save(update_fields=["internal_note", "message"])


def restore_notes(apps, schema_editor):
    StatusChange = apps.get_model("applications", "StatusChange")
    for change in StatusChange.objects.exclude(internal_note=""):
        change.message = change.message or change.internal_note
        change.save(update_fields=["message"])


class Migration(migrations.Migration):
    dependencies = [("applications", "0006_scale_indexes")]

    operations = [
        migrations.RenameField("statuschange", "note", "message"),
        migrations.AlterField(
            model_name="statuschange",
            name="message",
            field=models.TextField(blank=True, verbose_name="message à l'organisme"),
        ),
        migrations.AddField(
            model_name="statuschange",
            name="internal_note",
            field=models.TextField(blank=True, verbose_name="note interne (équipe seulement)"),
        ),
        migrations.RunPython(move_internal_notes, restore_notes),
    ]
