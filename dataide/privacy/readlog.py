"""The read log: who opened an organisme's file (applications, attachments, committee scorecards).

Pages are logged by URL name, declared by the app that serves them (`registry.register_read_view`),
so domain views stay untouched and a read is logged only once its page was actually served (200).
"""

from dataclasses import dataclass

from . import registry
from .models import ReadLogEntry


@dataclass(frozen=True)
class Read:
    organisme_id: int
    kind: str  # ReadKind
    object_id: int
    label: str
    reader_kind: str  # ReaderKind: staff, or the committee seat


def _entry(reader, read: Read) -> ReadLogEntry:
    return ReadLogEntry(
        organisme_id=read.organisme_id, reader=reader, reader_kind=read.reader_kind, kind=read.kind,
        object_id=read.object_id, label=read.label[:200],
    )


def log_read(*, reader, read: Read | list[Read]) -> list[ReadLogEntry]:
    """One entry per file read, in one INSERT."""
    reads = read if isinstance(read, list) else [read]
    return ReadLogEntry.objects.bulk_create([_entry(reader, one) for one in reads])


class ReadLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None and request.method == "GET" and response.status_code == 200
            and getattr(request.user, "is_authenticated", False)
        ):
            describe = registry.read_view(match.view_name)
            read = describe(request, match.kwargs) if describe else None
            if read:
                log_read(reader=request.user, read=read)
        return response
