"""Attachments are built when the message is delivered, by builders that the owning apps
register (the award letter comes from `applications`), so the outbox depends on no domain app."""

from collections.abc import Callable

# kind -> builder(object_id, language) -> (filename, content bytes, mimetype)
_BUILDERS: dict[str, Callable[[int, str], tuple[str, bytes, str]]] = {}


def register_attachment(kind: str):
    def decorator(builder):
        _BUILDERS[kind] = builder
        return builder

    return decorator


def build_attachment(spec: dict, language: str) -> tuple[str, bytes, str]:
    return _BUILDERS[spec["kind"]](spec["id"], language)
