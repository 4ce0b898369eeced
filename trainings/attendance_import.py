"""Reading a webinar's attendance file and matching its lines to organismes.

Staff upload what the platform gives them, unchanged. Three layouts are read:

- **Zoom's webinar « Attendee Report »**: a preamble (report title, generation date, a topic
  block), then sections each made of a title line (« Host Details », « Panelist Details »,
  « Attendee Details »…), a header and rows. Only attendees count; a person who left and rejoined
  has one line per stay, and their minutes add up; `--` marks people who registered but never came;
  guests who joined without registering have no e-mail.
- **Microsoft Teams' attendance report**: UTF-16 with a BOM, tab-separated, numbered sections
  (« 1. Summary », « 2. Participants », « 3. In-Meeting activities »); the participants section has
  one line per person with durations like `1h 29m 3s`, the organizer included.
- **The project's own CSV** (Courriel, Durée (minutes), optionally NEQ and Nom), as UTF-8 or as
  Windows-1252 when someone re-saved it with Excel, separated by commas or semicolons.

Lines that cannot count (no e-mail, never joined, host, panelist, organizer) are kept with the
reason, for the preview; only an unreadable file or a garbled line refuses the upload. Nothing is
recorded here: the admin shows the lines, staff fix or skip the unmatched ones, then the service
`import_webinar_attendance` records them in one transaction.
"""

import csv
import io
import re
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organismes.models import Membership, Organisme

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ERRORS_SHOWN = 20

# Header titles (lower case) per column, in the project's CSV and in the platforms' reports, French
# and English. NEQ is also recognised inside a free registration question (« Le NEQ de votre
# organisme »), since that is how a webinar's registration form asks for it.
COLUMNS = {
    "neq": ("neq", "numéro d'entreprise du québec", "numero d'entreprise du quebec"),
    "email": (
        "courriel", "email", "e-mail", "adresse courriel", "adresse e-mail", "courriel de l'utilisateur",
        "user email", "e-mail de l'utilisateur",
    ),
    "upn": ("participant id (upn)", "id du participant (upn)"),
    "name": (
        "nom", "name", "nom (nom d'origine)", "name (original name)", "user name (original name)", "user name",
        "nom d'utilisateur (nom d'origine)", "participant", "full name", "nom complet",
    ),
    "first_name": ("first name", "prénom"),
    "last_name": ("last name", "nom de famille"),
    "minutes": (
        "durée (minutes)", "duration (minutes)", "durée", "duration", "total duration (minutes)",
        "time in session (minutes)", "durée de la session (minutes)", "temps passé dans la session (minutes)",
        "in-meeting duration", "durée de la réunion", "durée pendant la réunion",
    ),
    "attended": ("attended", "a participé", "participé", "présent"),
    "role": ("role", "rôle"),
}
NEQ_QUESTION = re.compile(r"\bneq\b|num[ée]ro d.entreprise", re.IGNORECASE)

# Zoom's section titles: only attendees count; the others are the team running the webinar.
# « Other Attended » lists attendees Zoom could not tie to a registration: they count too.
ZOOM_ATTENDEES = {
    "attendee details", "détails des participants", "détails sur les participants", "other attended",
    "autres participants",
}
ZOOM_TEAM_SECTIONS = {
    "host details": gettext_lazy("animateur du webinaire"),
    "détails de l'animateur": gettext_lazy("animateur du webinaire"),
    "détails sur l'animateur": gettext_lazy("animateur du webinaire"),
    "panelist details": gettext_lazy("panéliste"),
    "détails des panélistes": gettext_lazy("panéliste"),
    "détails sur les panélistes": gettext_lazy("panéliste"),
}
ZOOM_OTHER_SECTION = re.compile(r"details$|^détails", re.IGNORECASE)
NEVER_CAME = "--"  # Zoom's join, leave and minutes of someone who registered and never came
NO = {"no", "non"}

# Teams' roles of the people running the meeting (English and French exports).
TEAMS_TEAM_ROLES = {
    "organizer": gettext_lazy("organisateur de la réunion"),
    "organisateur": gettext_lazy("organisateur de la réunion"),
    "co-organizer": gettext_lazy("coorganisateur de la réunion"),
    "coorganisateur": gettext_lazy("coorganisateur de la réunion"),
    "presenter": gettext_lazy("présentateur"),
    "présentateur": gettext_lazy("présentateur"),
}
TEAMS_SECTION = re.compile(r"^\s*(\d+)\.\s+\S")
TEAMS_DURATION = re.compile(
    r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?\s*$", re.IGNORECASE
)


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
    skip_reason: str = ""  # why the line cannot count; empty when it may


@dataclass(frozen=True)
class MatchedLine:
    participant: ParticipantLine
    organisme: Organisme | None
    matched_by: str  # "neq", "email" or "" when staff must decide (or the line is skipped)

    @property
    def needs_decision(self) -> bool:
        return self.organisme is None and not self.participant.skip_reason


def decode(data: bytes) -> str:
    # Teams writes UTF-16 with a byte-order mark; the BOM is the only reliable sign of it.
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise AttendanceFileError(
        [_("Le fichier n'est ni en UTF-8, ni en UTF-16, ni en Windows-1252 ; exportez-le de nouveau.")]
    )


def parse_participants(data: bytes) -> list[ParticipantLine]:
    """Every line of the file (those that cannot count carry their reason), or AttendanceFileError
    listing every line at fault."""
    if len(data) > MAX_FILE_BYTES:
        raise AttendanceFileError([_("Le fichier dépasse 2 Mo ; est-ce bien la liste des participants ?")])
    text = decode(data)
    if not text.strip():
        raise AttendanceFileError([_("Le fichier est vide.")])
    try:
        rows = list(_rows(text))
    except csv.Error as error:
        raise AttendanceFileError([_("Le fichier n'est pas un CSV lisible (%(error)s).") % {"error": error}]) from None
    if _is_teams(rows):
        sections = _teams_sections(rows)
    elif _is_zoom(rows):
        sections = _zoom_sections(rows)
    else:
        sections = [_Section(header=rows[0], rows=rows[1:]) if rows else _Section(header=(0, []), rows=[])]
    lines, errors = [], []
    for section in sections:
        positions = _column_positions(section.header[1], required=not section.skip_reason)
        for number, cells in section.rows:
            try:
                lines.append(_participant(number, cells, positions, section))
            except ValidationError as error:
                errors.append(_("Ligne %(line)s : %(error)s") % {"line": number, "error": " ".join(error.messages)})
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… et %(count)s autres lignes.") % {"count": len(errors) - MAX_ERRORS_SHOWN})
        raise AttendanceFileError(shown)
    if not lines:
        raise AttendanceFileError([_("Le fichier ne contient aucun participant.")])
    return _merge_rejoins(lines)


# --- layouts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    header: tuple[int, list[str]]
    rows: list[tuple[int, list[str]]]
    skip_reason: str = ""  # every line of the section is skipped for this reason
    teams: bool = False


def _rows(text: str):
    """(line number, cells) of every non-empty line, the delimiter guessed from the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    for cells in reader:
        cells = [cell.strip().strip("\ufeff") for cell in cells]
        if any(cells):
            yield reader.line_num, cells


def _delimiter(text: str) -> str:
    lines = text.splitlines()[:20]
    if any("\t" in line for line in lines):
        return "\t"
    first_line = lines[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _title(cells: list[str]) -> str:
    """The text of a line holding a single cell (a section title), else ""."""
    filled = [cell for cell in cells if cell]
    return filled[0].rstrip(":").strip().lower() if len(filled) == 1 else ""


def _is_teams(rows) -> bool:
    numbers = {match.group(1) for _n, cells in rows if (match := TEAMS_SECTION.match(_title(cells)))}
    return {"1", "2"} <= numbers


def _is_zoom(rows) -> bool:
    return any(_title(cells) in ZOOM_ATTENDEES for _n, cells in rows)


def _split(rows, is_title):
    """Consecutive sections: (title, header, rows) for each title line that `is_title` accepts."""
    sections, current = [], None
    for number, cells in rows:
        title = _title(cells)
        if title and is_title(title):
            current = [title, None, []]
            sections.append(current)
        elif current is not None and current[1] is None:
            current[1] = (number, cells)
        elif current is not None:
            current[2].append((number, cells))
    return [(title, header or (0, []), body) for title, header, body in sections]


def _zoom_sections(rows) -> list[_Section]:
    sections = []
    for title, header, body in _split(rows, lambda t: t in ZOOM_ATTENDEES or t in ZOOM_TEAM_SECTIONS
                                      or bool(ZOOM_OTHER_SECTION.search(t))):
        if title in ZOOM_ATTENDEES:
            sections.append(_Section(header=header, rows=body))
        elif title in ZOOM_TEAM_SECTIONS:
            sections.append(_Section(header=header, rows=body, skip_reason=str(ZOOM_TEAM_SECTIONS[title])))
        # Other sections (the topic block is before the first title) list no one who may count.
    return sections


def _teams_sections(rows) -> list[_Section]:
    # The participants section is number 2 in every language Teams exports in.
    return [
        _Section(header=header, rows=body, teams=True)
        for title, header, body in _split(rows, lambda t: bool(TEAMS_SECTION.match(t)))
        if TEAMS_SECTION.match(title).group(1) == "2"
    ]


# --- lines ------------------------------------------------------------------------------------


def _column_positions(header: list[str], *, required: bool = True) -> dict[str, int]:
    normalized = [cell.strip().strip("\ufeff").lower() for cell in header]
    positions = {}
    for column, aliases in COLUMNS.items():
        for index, title in enumerate(normalized):
            if title in aliases:
                positions[column] = index
                break
    if "neq" not in positions:
        for index, title in enumerate(normalized):
            if NEQ_QUESTION.search(title):
                positions["neq"] = index
                break
    missing = [column for column in ("email", "minutes") if column not in positions]
    if missing and required:
        names = {"email": _("Courriel"), "minutes": _("Durée (minutes)")}
        raise AttendanceFileError(
            [
                _("Colonnes introuvables : %(missing)s. Le fichier doit être le rapport des participants de Zoom, "
                  "le rapport de présence de Teams, ou un CSV aux colonnes Courriel, Durée (minutes), et "
                  "facultativement NEQ et Nom ; colonnes lues : %(found)s.")
                % {"missing": ", ".join(names[column] for column in missing), "found": ", ".join(header) or "—"}
            ]
        )
    return positions


def _cell(cells: list[str], positions: dict[str, int], column: str) -> str:
    index = positions.get(column)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _name(cells, positions) -> str:
    return _cell(cells, positions, "name") or " ".join(
        part for part in (_cell(cells, positions, "first_name"), _cell(cells, positions, "last_name")) if part
    )


def _email(cells, positions) -> str:
    email = _cell(cells, positions, "email")
    upn = _cell(cells, positions, "upn")
    # A Teams member's UPN is their address when the e-mail column is empty; guests' is not.
    if not email and "@" in upn and "#ext#" not in upn.lower():
        email = upn
    return email.strip().lower()


def _minutes(raw: str, *, teams: bool) -> int:
    if teams:
        match = TEAMS_DURATION.match(raw)
        if not raw or not match or not any(match.groupdict().values()):
            raise ValueError
        parts = {key: int(value or 0) for key, value in match.groupdict().items()}
        return (parts["h"] * 3600 + parts["m"] * 60 + parts["s"]) // 60
    minutes = round(float(raw.replace(",", ".")))
    if minutes < 0:
        raise ValueError
    return minutes


def _participant(number: int, cells: list[str], positions: dict[str, int], section: _Section) -> ParticipantLine:
    email = _email(cells, positions)
    neq = re.sub(r"\D", "", _cell(cells, positions, "neq"))
    raw_minutes = _cell(cells, positions, "minutes")
    line = ParticipantLine(line=number, name=_name(cells, positions), email=email, neq=neq, minutes=0)
    role = _cell(cells, positions, "role").lower()
    if section.skip_reason or role in TEAMS_TEAM_ROLES:
        return replace(line, skip_reason=section.skip_reason or str(TEAMS_TEAM_ROLES[role]))
    if _cell(cells, positions, "attended").lower() in NO or raw_minutes == NEVER_CAME:
        return replace(line, skip_reason=_("inscrit, jamais connecté"))
    problems = []
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("courriel invalide « %(email)s ».") % {"email": email})
    if neq and len(neq) != 10:
        problems.append(_("le NEQ doit compter 10 chiffres."))
    try:
        minutes = _minutes(raw_minutes, teams=section.teams)
    except ValueError:
        minutes = 0
        problems.append(_("durée « %(value)s » illisible (nombre de minutes attendu).") % {"value": raw_minutes})
    if problems:
        raise ValidationError(problems)
    line = replace(line, minutes=minutes)
    if not email and not neq:
        return replace(line, skip_reason=_("ni courriel ni NEQ (invité)"))
    return line


def _merge_rejoins(lines: list[ParticipantLine]) -> list[ParticipantLine]:
    """One line per person: someone who left and rejoined has one line per stay, whose minutes
    add up. Keyed by e-mail; lines without one (skipped or NEQ only) stay as they are."""
    position: dict[str, int] = {}
    result: list[ParticipantLine] = []
    for line in lines:
        if line.skip_reason or not line.email:
            result.append(line)
        elif line.email in position:
            first = result[position[line.email]]
            result[position[line.email]] = replace(
                first, minutes=first.minutes + line.minutes, neq=first.neq or line.neq
            )
        else:
            position[line.email] = len(result)
            result.append(line)
    return result


def match_participants(participants: list[ParticipantLine]) -> list[MatchedLine]:
    """Match each countable line by NEQ first, then by the e-mail of an organisme member (case and
    surrounding spaces ignored); two queries."""
    countable = [p for p in participants if not p.skip_reason]
    by_neq = {o.neq: o for o in Organisme.objects.filter(neq__in={p.neq for p in countable if p.neq})}
    by_email: dict[str, set] = {}
    memberships = Membership.objects.annotate(email_lower=Lower("user__email")).filter(
        email_lower__in={p.email for p in countable if p.email}
    )
    for membership in memberships.select_related("organisme"):
        by_email.setdefault(membership.email_lower.strip(), set()).add(membership.organisme)
    matched = []
    for participant in participants:
        if participant.skip_reason:
            matched.append(MatchedLine(participant, None, ""))
        elif participant.neq in by_neq:
            matched.append(MatchedLine(participant, by_neq[participant.neq], "neq"))
        elif len(by_email.get(participant.email, ())) == 1:
            # A person who belongs to several organismes is left for staff to decide.
            matched.append(MatchedLine(participant, next(iter(by_email[participant.email])), "email"))
        else:
            matched.append(MatchedLine(participant, None, ""))
    return matched
