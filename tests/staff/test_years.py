from datetime import date

import pytest

from programs.models import Program
from programs.years import program_year_of, program_years


@pytest.mark.django_db
def test_program_years_run_from_the_start_anniversary():
    program = Program.objects.get(code="dataide")  # 2026-04-01 to 2029-03-31
    years = program_years(program)
    assert [(y.number, y.starts_on, y.ends_on) for y in years] == [
        (1, date(2026, 4, 1), date(2027, 3, 31)),
        (2, date(2027, 4, 1), date(2028, 3, 31)),
        (3, date(2028, 4, 1), date(2029, 3, 31)),
    ]
    assert program_year_of(program, date(2027, 3, 31)) == 1
    assert program_year_of(program, date(2027, 4, 1)) == 2
    assert program_year_of(program, date(2026, 3, 31)) is None
    assert years[0].end == years[1].start  # datetime bounds leave no gap and no overlap
