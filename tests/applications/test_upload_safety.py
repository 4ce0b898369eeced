"""Hostile uploads: zip bombs are refused with bounded memory and leave nothing behind; the file's
extension on disk and the name shown come from the detected type, not from the client's name."""

import io
import struct
import tracemalloc
import zipfile
import zlib
from functools import cache
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Attachment
from tests.applications.factories import PDF_BYTES, complete_draft, eligible_organisme
from tests.applications.pages import page
from tests.applications.test_attachments import _private_files
from tests.organismes.factories import member_of

pytestmark = pytest.mark.django_db

MEBIBYTE = 1024 * 1024
CONTENT_TYPES = (b'<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
                 b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
BOMB_MESSAGE = "Ce document est refusé : une fois décompressé, il occuperait bien plus qu'un vrai document"
PEAK_LIMIT = 50 * MEBIBYTE


@pytest.fixture
def draft(client):
    organisme = eligible_organisme()
    client.force_login(member_of(organisme))
    return complete_draft(organisme)


def _upload(client, application, name, content):
    uploaded = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("applications:step", args=[application.pk, "documents"]), {"action": "upload", "file": uploaded})


def _padded_deflate(prefix: bytes, mebibytes: int) -> tuple[bytes, int, int]:
    """`prefix` then `mebibytes` MiB of spaces, deflated without ever holding them: a full flush
    resets the compressor, so each MiB compresses to the same block, repeated. (data, size, crc)"""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    spaces = b" " * MEBIBYTE
    block = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(prefix)
    for _ in range(mebibytes):
        crc = zlib.crc32(spaces, crc)
    return head + block * mebibytes + compressor.flush(), len(prefix) + mebibytes * MEBIBYTE, crc


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated data, declared size, declared crc), so a test can
    declare whatever sizes a hostile file would."""
    local, directory = bytearray(), bytearray()
    for name, data, size, crc in entries:
        encoded, offset = name.encode(), len(local)
        local += struct.pack(zipfile.structFileHeader, zipfile.stringFileHeader, 20, 0, 0, zipfile.ZIP_DEFLATED,
                             0, 0x21, crc, len(data), size, len(encoded), 0) + encoded + data
        directory += struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, 20, 0, 20, 0, 0,
                                 zipfile.ZIP_DEFLATED, 0, 0x21, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                                 offset) + encoded
    end = struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(entries), len(entries),
                      len(directory), len(local), 0)
    return bytes(local + directory + end)


def _entry(name: str, content: bytes) -> tuple[str, bytes, int, int]:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return name, compressor.compress(content) + compressor.flush(), len(content), zlib.crc32(content)


# First, as Word writes it: `filetype` recognises a DOCX from the first entries' names.
DOCUMENT = _entry("word/document.xml", b"<w:document/>")


@cache
def gigabyte_content_types() -> bytes:
    """About 1 Mo that says, truthfully, that [Content_Types].xml expands to 1 GiB."""
    data, size, crc = _padded_deflate(CONTENT_TYPES, 1024)
    return _raw_zip([DOCUMENT, ("[Content_Types].xml", data, size, crc)])


def lying_content_types() -> bytes:
    """The same gigabyte, declared (size and crc) as 4 Ko: a reader trusting the header stops early."""
    data, _size, _crc = _padded_deflate(CONTENT_TYPES, 1024)
    declared = CONTENT_TYPES + b" " * 4000
    return _raw_zip([DOCUMENT, ("[Content_Types].xml", data, len(declared), zlib.crc32(declared))])


def lying_document() -> bytes:
    """The type entry is honest; another entry lies about expanding to 1 GiB."""
    data, _size, _crc = _padded_deflate(b"<w:document>", 1024)
    declared = b"<w:document>" + b" " * 4000
    return _raw_zip([_entry("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", data, len(declared),
                                                                     zlib.crc32(declared))])


def compressed_a_thousand_times() -> bytes:
    """Under every size limit (100 MiB declared, honestly), but 100 KiB expanding a thousand times."""
    data, size, crc = _padded_deflate(b"<w:document>", 100)
    return _raw_zip([_entry("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", data, size, crc)])


def too_many_entries() -> bytes:
    """A thousand and one small entries: no document of 10 Mo has that many."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as container:
        container.writestr("[Content_Types].xml", CONTENT_TYPES)
        for index in range(1000):
            container.writestr(f"word/media/{index}.xml", b"<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize("build", [
    gigabyte_content_types, lying_content_types, lying_document, compressed_a_thousand_times, too_many_entries,
])
def test_a_zip_bomb_is_refused_in_little_memory_and_nothing_is_stored(client, draft, build):
    bomb = build()
    assert len(bomb) < 1.1 * MEBIBYTE
    before = _private_files()
    tracemalloc.start()
    try:
        response = _upload(client, draft, "plan.docx", bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_LIMIT
    assert response.status_code == 200
    assert BOMB_MESSAGE in page(response)
    assert not Attachment.objects.exists() and _private_files() == before


def test_a_real_sized_document_that_compresses_well_is_accepted(client, draft):
    """Tens of megabytes of varied XML, ten to thirty times smaller compressed: a real report."""
    paragraphs = b"".join(b"<w:p><w:r><w:t>Paragraphe %d du rapport annuel, ligne %d.</w:t></w:r></w:p>" % (n, n * 7)
                          for n in range(400_000))
    document = _raw_zip([_entry("[Content_Types].xml", CONTENT_TYPES), _entry("word/document.xml", paragraphs)])
    assert len(document) < 10 * MEBIBYTE < len(paragraphs)
    assert _upload(client, draft, "rapport.docx", document).status_code == 302
    assert Attachment.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("name,shown", [
    ("devis\u202efdp.exe", "devisfdp.exe.pdf"),  # reads « devisexe.pdf » on screen
    ("facture.exe", "facture.exe.pdf"),
    ("..\\..\\windows\\devis.pdf", "devis.pdf"),
    ("../../etc/passwd", "passwd.pdf"),
    ("\u200b\u2066devis\u2069.pdf", "devis.pdf"),
])
def test_the_extension_on_disk_and_in_the_shown_name_comes_from_the_detected_type(client, draft, name, shown):
    response = _upload(client, draft, name, PDF_BYTES)
    assert response.status_code == 302, page(response)
    attachment = Attachment.objects.get(application=draft)
    assert Path(attachment.file.name).suffix == ".pdf"
    assert attachment.original_name == shown
    assert shown in page(client.get(reverse("applications:step", args=[draft.pk, "documents"])))
    download = client.get(reverse("applications:attachment", args=[draft.pk, attachment.pk]))
    assert download["Content-Disposition"] == f'attachment; filename="{shown}"'
