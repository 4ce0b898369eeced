"""All the documents of an application as one ZIP, written to a temporary file on disk (never
held in memory, whatever their size) and copied from storage in chunks. Names are deterministic:
the same documents always give the same entries, in upload order, numbered so that two files of
the same name stay distinct, each dated by its upload (not by the moment the ZIP was built)."""

import re
import shutil
import tempfile
import zipfile

from django.utils import timezone

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]+")


def entry_name(position: int, original_name: str) -> str:
    """« 01-devis.pdf »: the upload order first, then the name without any path or odd character."""
    base = original_name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "document"
    return f"{position:02d}-{cleaned}"


def bundle_name(application) -> str:
    return f"documents-{application.number or f'brouillon-{application.pk}'}.zip"


def write_bundle(attachments):
    """The ZIP of `attachments` (in their order) in a temporary file, rewound; the caller closes it."""
    bundle = tempfile.TemporaryFile()
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for position, attachment in enumerate(attachments, start=1):
            info = zipfile.ZipInfo(
                entry_name(position, attachment.original_name),
                date_time=timezone.localtime(attachment.uploaded_at).timetuple()[:6],
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            with attachment.file.open("rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, CHUNK)
    bundle.seek(0)
    return bundle
