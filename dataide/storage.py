"""Private files (attachments, generated PDFs, exports, staged imports): local disk by default, an
S3-compatible bucket when STORAGE_URL names one (config/object_storage.py). Either way they are
never public: only views that checked access serve them, streamed or through a short-lived
presigned URL (PRIVATE_DOWNLOAD_URL_SECONDS)."""

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header


class _PrivateStorage(LazyObject):
    # FileFields resolve their storage once, when models load; a lazy proxy lets the storage
    # follow the settings (tests switch between disk and a real S3 server).
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def _reset_private(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


setting_changed.connect(_reset_private)


def private_storage():
    """The storage of files only access-checked views may serve (a callable, for FileFields)."""
    return _private


def list_folder(storage, folder: str) -> tuple[list[str], list[str]]:
    """(folders, files) under `folder`; empty when there is none. Object storage has no folders,
    so `exists(folder)` is always False there: list instead of asking."""
    try:
        return storage.listdir(folder)
    except FileNotFoundError:
        return [], []


def stored_file_response(storage, name: str, *, filename: str, content_type: str):
    """A privately stored file as a download (never shown inline), for a view that has checked
    access: a presigned URL valid a few seconds when configured and the storage can sign, else
    streamed through this process. A file missing from storage is a 404, not a 500."""
    seconds = settings.PRIVATE_DOWNLOAD_URL_SECONDS
    if seconds and hasattr(storage, "bucket_name"):
        return HttpResponseRedirect(storage.url(name, expire=seconds, parameters={
            "ResponseContentDisposition": content_disposition_header(True, filename),
            "ResponseContentType": content_type,
        }))
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def download_response(field_file, *, filename: str, content_type: str):
    return stored_file_response(field_file.storage, field_file.name, filename=filename, content_type=content_type)
