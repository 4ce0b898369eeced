"""The portability ZIP: every category the registry lists for a person or an organisme, each as
JSON and CSV (P-39.1 s. 27, 3rd para.: « a structured, commonly used technological format »),
with an index saying what each file is, why it is held and how long it is kept."""

import csv
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder

from . import registry


def _csv(rows: list[dict]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        # A cell starting with = + - @ would be a formula in a spreadsheet: quote it as text.
        writer.writerow({
            key: f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") else value
            for key, value in row.items()
        })
    return out.getvalue()


def build_zip(*, person, organisme=None) -> bytes:
    """The person's categories and, when given, the organisme's. Each export function is the
    app's own, scoped to its subject: nothing of another person or organisme enters."""
    sections = [(registry.PERSON, person)] + ([(registry.ORGANISME, organisme)] if organisme is not None else [])
    buffer = io.BytesIO()
    index = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for subject, target in sections:
            for category in registry.categories(subject):
                rows = category.export(target)
                folder = "personne" if subject == registry.PERSON else "organisme"
                archive.writestr(f"{folder}/{category.key}.json", json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
                archive.writestr(f"{folder}/{category.key}.csv", _csv(json.loads(json.dumps(rows, cls=DjangoJSONEncoder))))
                index.append({
                    "file": f"{folder}/{category.key}", "label": str(category.label), "purpose": str(category.purpose),
                    "retention": str(category.retention), "rows": len(rows),
                })
        archive.writestr("index.json", json.dumps(index, ensure_ascii=False, indent=2))
    return buffer.getvalue()
