"""current_program() runs SQL compiled once per process (dataide.compiled): it must answer what
its queryset answers — the program that started first, the lowest id among those starting the
same day."""

from datetime import date

import pytest

from applications.reporting import current_program
from dataide.compiled import through_the_orm
from programs.models import Program

pytestmark = pytest.mark.django_db


def _program(code, starts_on):
    return Program.objects.create(
        code=code, name_fr=code, budget=1, starts_on=starts_on, ends_on=date(2030, 1, 1), reach_target=1,
        operator="Centraide", funder="MTESS",
    )


def _both_ways():
    compiled = current_program()
    with through_the_orm():
        return compiled, current_program()


def test_the_current_program_is_the_one_the_orm_reads():
    dataide = Program.objects.get()  # the reference data's
    _program("plus-tard", dataide.starts_on.replace(year=dataide.starts_on.year + 1))
    assert _both_ways() == (dataide, dataide)
    first, same_day = _program("premier", date(2000, 4, 1)), _program("meme-jour", date(2000, 4, 1))
    compiled, orm = _both_ways()
    assert compiled == orm == first != same_day
    assert (compiled.name_fr, compiled.starts_on) == ("premier", date(2000, 4, 1))
