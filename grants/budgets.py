"""The versions of an awarded project's budget and timeline: version 1 is the application as
awarded (its budget lines and timeline), each approved amendment is the next version. Nothing is
ever overwritten, so every version can be shown side by side. Reads only: the services and the
selectors both use it."""

from dataclasses import dataclass, field
from decimal import Decimal

from applications.models import BudgetCategory


@dataclass(frozen=True)
class BudgetVersion:
    number: int
    lines: list[dict]
    """[{"category", "description", "amount": Decimal}, …]"""
    timeline: str
    amendment: object = None
    """The approved amendment that made this version (None for the version awarded)."""
    total: Decimal = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "total", sum((line["amount"] for line in self.lines), Decimal(0)))

    @property
    def rows(self) -> list[dict]:
        return [{**line, "category_label": BudgetCategory(line["category"]).label} for line in self.lines]


def stored_lines(lines: list[dict]) -> list[dict]:
    """Lines as the JSON of an amendment keeps them (amounts as strings)."""
    return [
        {"category": line["category"], "description": line["description"], "amount": str(Decimal(line["amount"]).quantize(Decimal("0.01")))}
        for line in lines
    ]


def _read_lines(lines: list[dict]) -> list[dict]:
    return [{**line, "amount": Decimal(line["amount"])} for line in lines]


def budget_versions(application, approved_amendments=()) -> list[BudgetVersion]:
    """Every version, the first (as awarded) first; `approved_amendments` in approval order."""
    original = [
        {"category": line.category, "description": line.description, "amount": line.amount}
        for line in application.budget_lines.all()
    ]
    versions = [BudgetVersion(1, original, application.timeline)]
    for amendment in approved_amendments:
        versions.append(BudgetVersion(len(versions) + 1, _read_lines(amendment.lines), amendment.timeline, amendment))
    return versions
