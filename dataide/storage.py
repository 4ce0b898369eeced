from django.core.files.storage import storages
from django.http import FileResponse, Http404


def private_storage():
    """Files that only views checking access may serve: attachments and generated PDFs.

    A callable, so FileFields resolve the storage at run time (settings differ per environment).
    """
    return storages["private"]


def download_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream a privately stored file as a download (never shown inline), for a view that has
    checked access; a file missing from storage is a 404, not a 500."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
