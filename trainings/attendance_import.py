"""Reading the webinar platform's participant export (CSV) and matching its lines to organismes.

Exports come from Zoom-like tools in French or English, as UTF-8 (with or without BOM) or as
Windows-1252 when someone re-saved them with Excel, separated by commas or semicolons. Nothing is
recorded here: the admin shows the matched lines, staff fix or skip the others, then the service
`import_webinar_attendance` records them in one transaction.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from organismes.models import Membership, Organisme

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ERRORS_SHOWN = 20

COLUMNS = {
    "neq": ("neq", "numéro d'entreprise du québec", "numero d'entreprise du quebec"),
    "email": ("courriel", "email", "e-mail", "adresse courriel", "courriel de l'utilisateur", "user email"),
    "name": ("nom", "name", "nom (nom d'origine)", "name (original name)", "participant"),
    "minutes": ("durée (minutes)", "duration (minutes)", "durée", "duration", "total duration (minutes)"),
}
REQUIRED_COLUMNS = ("email", "minutes")


class AttendanceFileError(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ParticipantLine:
    line: int
    name: str
    email: str
    neq: str
    minutes: int


@dataclass(frozen=True)
class MatchedLine:
    participant: ParticipantLine
    organisme: Organisme | None
    matched_by: str  # "neq", "email" or "" when staff must decide


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AttendanceFileError([_("Le fichier n'est ni en UTF-8 ni en Windows-1252 ; exportez-le de nouveau en CSV.")])


def parse_participants(data: bytes) -> list[ParticipantLine]:
    """Every line of the export, or AttendanceFileError listing every line at fault."""
    if len(data) > MAX_FILE_BYTES:
        raise AttendanceFileError([_("Le fichier dépasse 2 Mo ; est-ce bien la liste des participants ?")])
    text = decode(data)
    if not text.strip():
        raise AttendanceFileError([_("Le fichier est vide.")])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    lines, errors = [], []
    try:
        positions = _column_positions(next(reader))
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            try:
                lines.append(_participant(reader.line_num, cells, positions))
            except ValidationError as error:
                errors.append(
                    _("Ligne %(line)s : %(error)s") % {"line": reader.line_num, "error": " ".join(error.messages)}
                )
    except csv.Error:
        raise AttendanceFileError(
            [_("Ligne %(line)s : le fichier n'est pas un CSV lisible.") % {"line": reader.line_num}]
        ) from None
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… et %(count)s autres lignes.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        raise AttendanceFileError(shown)
    if not lines:
        raise AttendanceFileError([_("Le fichier ne contient aucun participant.")])
    return lines


def _delimiter(text: str) -> str:
    first_line = text.splitlines()[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _column_positions(header: list[str]) -> dict[str, int]:
    normalized = [cell.strip().strip("\ufeff").lower() for cell in header]
    positions = {}
    for column, aliases in COLUMNS.items():
        for index, title in enumerate(normalized):
            if title in aliases:
                positions[column] = index
                break
    missing = [COLUMNS[column][0] for column in REQUIRED_COLUMNS if column not in positions]
    if missing:
        raise AttendanceFileError(
            [
                _("Colonnes introuvables : %(missing)s. Colonnes attendues : Courriel, Durée (minutes), et "
                  "facultativement NEQ et Nom ; colonnes lues : %(found)s.")
                % {"missing": ", ".join(missing), "found": ", ".join(header) or "—"}
            ]
        )
    return positions


def _cell(cells: list[str], positions: dict[str, int], column: str) -> str:
    index = positions.get(column)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _participant(number: int, cells: list[str], positions: dict[str, int]) -> ParticipantLine:
    if len(cells) <= max(positions.values()):
        raise ValidationError(_("il manque des colonnes."))
    email = _cell(cells, positions, "email").lower()
    problems = []
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("courriel invalide « %(email)s ».") % {"email": email})
    neq = re.sub(r"\D", "", _cell(cells, positions, "neq"))
    if neq and len(neq) != 10:
        problems.append(_("le NEQ doit compter 10 chiffres."))
    if not email and not neq:
        problems.append(_("ni courriel ni NEQ pour reconnaître l'organisme."))
    raw_minutes = _cell(cells, positions, "minutes").replace(",", ".")
    try:
        minutes = round(float(raw_minutes))
        if minutes < 0:
            raise ValueError
    except ValueError:
        minutes = 0
        problems.append(_("durée « %(value)s » illisible (nombre de minutes attendu).") % {"value": raw_minutes})
    if problems:
        raise ValidationError(problems)
    return ParticipantLine(line=number, name=_cell(cells, positions, "name"), email=email, neq=neq, minutes=minutes)


def match_participants(participants: list[ParticipantLine]) -> list[MatchedLine]:
    """Match each line by NEQ first, then by the e-mail of an organisme member; two queries."""
    by_neq = {o.neq: o for o in Organisme.objects.filter(neq__in={p.neq for p in participants if p.neq})}
    by_email: dict[str, set] = {}
    memberships = Membership.objects.filter(user__email__in={p.email for p in participants if p.email})
    for membership in memberships.select_related("organisme", "user"):
        by_email.setdefault(membership.user.email.lower(), set()).add(membership.organisme)
    matched = []
    for participant in participants:
        if participant.neq in by_neq:
            matched.append(MatchedLine(participant, by_neq[participant.neq], "neq"))
        elif len(by_email.get(participant.email, ())) == 1:
            # A person who belongs to several organismes is left for staff to decide.
            matched.append(MatchedLine(participant, next(iter(by_email[participant.email])), "email"))
        else:
            matched.append(MatchedLine(participant, None, ""))
    return matched
