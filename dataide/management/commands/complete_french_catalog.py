"""UI strings are written in French, so the French catalog is the identity. Keeping it complete
(every msgstr = its msgid, nothing fuzzy) lets tools check that French is complete, and stops
makemessages' fuzzy guesses from ever replacing French text with another string."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Copie chaque msgid dans son msgstr du catalogue français et retire les marques fuzzy."

    def handle(self, *args, **options):
        for path in Path(settings.BASE_DIR, "locale", "fr", "LC_MESSAGES").glob("*.po"):
            with path.open("rb") as po_file:
                catalog = read_po(po_file, locale="fr")
            catalog.fuzzy = False  # the header too, or msgfmt ignores the plural forms
            for message in catalog:
                if message.id:
                    message.string = message.id if not isinstance(message.id, tuple) else tuple(
                        message.id[min(index, 1)] for index in range(catalog.num_plurals)
                    )
                    message.flags.discard("fuzzy")
            with path.open("wb") as po_file:
                write_po(po_file, catalog, width=0)
            self.stdout.write(f"{path}: {len(catalog)} messages")
