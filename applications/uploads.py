"""Which files an application accepts, judged from their content (magic bytes), never their name.

Word, Excel and OpenDocument files are zip containers: `filetype` recognises them from their first
entries, then we open the container and check its declared type, so a renamed zip is refused.

A container is inspected with bounded reads, because a 1 Mo zip can expand to gigabytes (a « zip
bomb »): the number of entries is read from the archive's end record before the directory is
parsed; the declared sizes and compression ratios are checked; then every entry is decompressed
by us, in chunks that are counted and thrown away, so an entry that lies about its size is caught
at the first byte past what it declared. Memory stays at a few chunks whatever the file claims.

The extension on disk and the name shown come from the detected type, never from the client's name
alone: `devis\u202efdp.exe` (which reads « devisexe.pdf ») is shown as `devisfdp.exe.pdf`.
"""

import math
import struct
import unicodedata
import zipfile
import zlib

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
# Suffixes a client's name may already carry for each type (kept as typed in the shown name).
_KNOWN_SUFFIXES = {"image/jpeg": {".jpg", ".jpeg"}}
# What [Content_Types].xml must declare for the main part of each Office Open XML type.
_OOXML_MAIN_PART = {
    DOCX: b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.odt,.ods"

# What a real document of at most 10 Mo looks like inside: tens of entries (hundreds for a
# workbook with many sheets), expanding ten to thirty times. A zip bomb has thousands of entries
# or expands up to a thousand times (deflate's limit).
MAX_CONTAINER_ENTRIES = 1000
MAX_EXPANDED_SIZE = 200 * MEGABYTE  # all entries together, as declared and as really decompressed
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR = MEGABYTE  # small entries (repetitive XML) may compress better than any ratio: harmless
_DIRECTORY_ENTRY_BYTES = 512  # a directory entry: 46 bytes, its name and extra fields
_CHUNK = 64 * 1024
# The entry whose content we check is kept in memory: [Content_Types].xml is a few kilobytes.
_TYPE_ENTRY_LIMIT = MEGABYTE
_END_RECORD = struct.Struct(zipfile.structEndArchive)
_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)


class _Bomb(Exception):
    """The container's inside is out of proportion with a real document."""


class _Broken(Exception):
    """The container is not a well-formed zip we can read."""


def _type_refused():
    return ValidationError(
        _("Ce type de fichier n'est pas accepté. Déposez un PDF, une image JPEG ou PNG, "
          "un document Word ou Excel (DOCX, XLSX) ou LibreOffice (ODT, ODS)."),
        code="file_type",
    )


def _bomb_refused():
    return ValidationError(
        _("Ce document est refusé : une fois décompressé, il occuperait bien plus qu'un vrai document "
          "(plus de %(entries)s éléments, plus de %(limit)s Mo ou un taux de compression anormal). "
          "Enregistrez-le de nouveau depuis Word, Excel ou LibreOffice, puis déposez-le.")
        % {"entries": number_format(MAX_CONTAINER_ENTRIES, force_grouping=True),
           "limit": MAX_EXPANDED_SIZE // MEGABYTE},
        code="file_bomb",
    )


def _directory_extent(uploaded_file) -> tuple[int, int]:
    """The number of entries and the directory's size in bytes that the archive's end record
    declares, read from the file's last 64 Ko only. zipfile parses the whole directory whatever the
    count says, building an object per entry (hundreds of thousands fit in 10 Mo): both are bounded
    before it runs."""
    tail_size = min(uploaded_file.size, _END_RECORD.size + 0xFFFF)
    uploaded_file.seek(uploaded_file.size - tail_size)
    tail = uploaded_file.read(tail_size)
    position = tail.rfind(zipfile.stringEndArchive)
    while position >= 0:
        record = tail[position:position + _END_RECORD.size]
        if len(record) == _END_RECORD.size:
            fields = _END_RECORD.unpack(record)
            if position + _END_RECORD.size + fields[7] == len(tail):  # the comment runs to the end
                # 0xFFFF and 0xFFFFFFFF mean « see the Zip64 record »: beyond any document.
                return fields[4], fields[5]
        position = tail.rfind(zipfile.stringEndArchive, 0, position)
    raise _Broken


def _raw_chunks(uploaded_file, info: zipfile.ZipInfo):
    """The entry's stored bytes, as the directory bounds them, in chunks."""
    uploaded_file.seek(info.header_offset)
    header = uploaded_file.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != zipfile.stringFileHeader:
        raise _Broken
    fields = _LOCAL_HEADER.unpack(header)
    uploaded_file.seek(info.header_offset + _LOCAL_HEADER.size + fields[10] + fields[11])
    remaining = info.compress_size
    while remaining > 0:
        raw = uploaded_file.read(min(_CHUNK, remaining))
        if not raw:
            raise _Broken  # the entry claims more data than the file holds
        remaining -= len(raw)
        yield raw


def _inflated(raw_chunks):
    """Deflate data decompressed at most one chunk at a time, however much it expands."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    for raw in raw_chunks:
        while raw:
            if inflater.eof:
                raise _Broken  # data after the end of the stream
            yield inflater.decompress(raw, _CHUNK)
            raw = inflater.unconsumed_tail
    while not inflater.eof:  # output still held back once the input is consumed
        chunk = inflater.decompress(b"", _CHUNK)
        if not chunk:
            raise _Broken  # the stream stops before its end
        yield chunk


def _decompressed_chunks(uploaded_file, info: zipfile.ZipInfo):
    """The entry's bytes as they really decompress, never more than one chunk past its declared
    size: zipfile's own reader stops at the declared size, so it would not see the header lie."""
    raw_chunks = _raw_chunks(uploaded_file, info)
    chunks = _inflated(raw_chunks) if info.compress_type == zipfile.ZIP_DEFLATED else raw_chunks
    produced, crc = 0, 0
    for chunk in chunks:
        produced += len(chunk)
        if produced > info.file_size:
            raise _Bomb  # expands past what it declared: the header lies
        crc = zlib.crc32(chunk, crc)
        yield chunk
    if produced != info.file_size or crc != info.CRC:
        raise _Broken


def _inspect_container(uploaded_file, mime: str) -> bytes:
    """Check the container's proportions and decompress every entry within the limits; return the
    content of the entry that declares the type ([Content_Types].xml or mimetype)."""
    count, directory_size = _directory_extent(uploaded_file)
    if count > MAX_CONTAINER_ENTRIES or directory_size > MAX_CONTAINER_ENTRIES * _DIRECTORY_ENTRY_BYTES:
        raise _Bomb
    uploaded_file.seek(0)
    with zipfile.ZipFile(uploaded_file) as container:
        entries = container.infolist()
    if len(entries) > MAX_CONTAINER_ENTRIES:
        raise _Bomb
    names = [info.filename for info in entries]
    if len(set(names)) != len(names):
        raise _Broken  # two entries of one name: which one a reader takes is anyone's guess
    for info in entries:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Broken  # encrypted, or a method Office and LibreOffice never write
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise _Bomb
    if sum(info.file_size for info in entries) > MAX_EXPANDED_SIZE:
        raise _Bomb
    type_entry = "[Content_Types].xml" if mime in _OOXML_MAIN_PART else "mimetype"
    content = bytearray()
    for info in entries:
        for chunk in _decompressed_chunks(uploaded_file, info):
            if info.filename == type_entry:
                content += chunk
                if len(content) > _TYPE_ENTRY_LIMIT:
                    raise _Bomb
    return bytes(content)


def _container_declares(uploaded_file, mime: str) -> bool:
    """Whether the container declares `mime`; raises _Bomb when its inside is out of proportion."""
    try:
        content = _inspect_container(uploaded_file, mime)
    except (_Broken, zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError):
        return False
    finally:
        uploaded_file.seek(0)
    if mime in _OOXML_MAIN_PART:
        return _OOXML_MAIN_PART[mime] in content
    return content.strip() == mime.encode()


def stored_name(content_type: str) -> str:
    """The name handed to storage: only its extension is kept (see models.attachment_path), and it
    is the detected type's."""
    return f"document.{ALLOWED_TYPES[content_type]}"


def display_name(client_name: str | None, content_type: str) -> str:
    """The client's name as shown and offered at download: without directories, control or
    bidirectional characters (U+202E turns « fdp.exe » into « exe.pdf » on screen), ending with
    the detected type's extension (appended when the name carries another one)."""
    name = unicodedata.normalize("NFC", client_name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp"))
    name = " ".join(name.split()).strip(" .") or "document"
    extension = ALLOWED_TYPES[content_type]
    suffixes = _KNOWN_SUFFIXES.get(content_type, {f".{extension}"})
    if not any(name.lower().endswith(suffix) for suffix in suffixes):
        name = f"{name}.{extension}"
    if len(name) > 255:
        stem, _dot, suffix = name.rpartition(".")
        name = f"{stem[:254 - len(suffix)]}.{suffix}"
    return name


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
        try:
            declared = _container_declares(uploaded_file, kind.mime)
        except _Bomb:
            raise _bomb_refused()
        if not declared:
            raise _type_refused()
    return kind.mime
