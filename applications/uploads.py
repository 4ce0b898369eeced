"""Which files an application accepts, judged from their content (magic bytes), never their name.

Word, Excel and OpenDocument files are zip containers: `filetype` recognises them from their first
entries, then we open the container and check its declared type, so a renamed zip is refused.
"""

import math
import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MEGABYTE = 1024 * 1024
MAX_ATTACHMENT_SIZE = 10 * MEGABYTE
MAX_ATTACHMENTS = 10
_HEADER_BYTES = 8192

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    DOCX: "docx",
    XLSX: "xlsx",
    ODT: "odt",
    ODS: "ods",
}
# What [Content_Types].xml must declare for the main part of each Office Open XML type.
_OOXML_MAIN_PART = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods"


def _type_refused():
    return ValidationError(
        _("Ce type de fichier n'est pas accepté. Déposez un PDF, une image JPEG ou PNG, "
          "un document Word ou Excel (DOCX, XLSX) ou LibreOffice (ODT, ODS)."),
        code="file_type",
    )


def _container_declares(uploaded_file, mime: str) -> bool:
    try:
        with zipfile.ZipFile(uploaded_file) as container:
            names = set(container.namelist())
            if mime in _OOXML_MAIN_PART:
                return "[Content_Types].xml" in names and _OOXML_MAIN_PART[mime] in container.read("[Content_Types].xml")
            return "mimetype" in names and container.read("mimetype").strip() == mime.encode()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False


def check_upload(uploaded_file) -> str:
    """Return the file's real content type, or raise a ValidationError with a French message."""
    if uploaded_file.size > MAX_ATTACHMENT_SIZE:
        # Rounded up, so a file just over the limit never reads as "10 Mo".
        size_mb = math.ceil(uploaded_file.size * 10 / MEGABYTE) / 10
        raise ValidationError(
            _("Ce fichier dépasse la limite de %(limit)s Mo par fichier (il pèse %(size)s Mo).")
            % {"limit": MAX_ATTACHMENT_SIZE // MEGABYTE, "size": number_format(size_mb, 1)},
            code="file_too_large",
        )
    if uploaded_file.size == 0:
        raise ValidationError(_("Ce fichier est vide."), code="file_empty")
    uploaded_file.seek(0)
    header = uploaded_file.read(_HEADER_BYTES)
    uploaded_file.seek(0)
    kind = filetype.guess(header)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise _type_refused()
    if kind.mime in (DOCX, XLSX, ODT, ODS):
        declared = _container_declares(uploaded_file, kind.mime)
        uploaded_file.seek(0)
        if not declared:
            raise _type_refused()
    return kind.mime
