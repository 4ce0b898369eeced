"""Program years: the program counts its years from the anniversary of `Program.starts_on`
(year 1 = 2026-04-01 to 2027-03-31 for DATAide), not by calendar year. Dashboards, filters and
exports all use these helpers so a date always falls in the same year."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone


@dataclass(frozen=True)
class ProgramYear:
    number: int
    starts_on: date
    ends_on: date  # inclusive

    @property
    def start(self) -> datetime:
        """The first instant of the year, in the portal's time zone (for datetime filters)."""
        return timezone.make_aware(datetime.combine(self.starts_on, time.min))

    @property
    def end(self) -> datetime:
        """The first instant after the year (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.ends_on + timedelta(days=1), time.min))


def _anniversary(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February: the anniversary falls on 1 March
        return start.replace(year=start.year + years, month=3, day=1)


def program_year(program, number: int) -> ProgramYear:
    starts_on = _anniversary(program.starts_on, number - 1)
    return ProgramYear(number, starts_on, _anniversary(program.starts_on, number) - timedelta(days=1))


def program_years(program) -> list[ProgramYear]:
    """Every year the program runs, the last one cut at `ends_on` if the program ends early."""
    years, number = [], 1
    while True:
        year = program_year(program, number)
        if year.starts_on > program.ends_on:
            return years
        if year.ends_on > program.ends_on:
            year = ProgramYear(number, year.starts_on, program.ends_on)
        years.append(year)
        number += 1


def program_year_of(program, day: date) -> int | None:
    """The number of the program year `day` falls in, or None outside the program."""
    return next((year.number for year in program_years(program) if year.starts_on <= day <= year.ends_on), None)
