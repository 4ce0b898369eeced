"""PostgreSQL's unaccent and pg_trgm, for the admin's accent- and typo-tolerant search
(organismes.search). Both operations do nothing on SQLite."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("organismes", "0004_message_read")]

    operations = [UnaccentExtension(), TrigramExtension()]
