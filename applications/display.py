"""How an application reads: the status in the organisme's words and what comes next (from the
status table), the answers as the organisme reads them, and the answers scorers read."""

from .models import Application
from .statuses import DECIDED_STATUSES
from .statuses import ApplicationStatus as S
from .steps import steps_for

DECIDED = DECIDED_STATUSES

# The answers a committee member reads, in this order: an explicit list, so that a field added
# to the application later (an internal note, a reviewer's remark) never reaches scorers unless
# it is named here.
SCORER_FIELDS = (
    "need",
    "project_summary",
    "expected_results",
    "timeline",
    "data_governance",
    "sustainability",
    "network_scope",
)


def applicant_status(status: str) -> str:
    return S(status).applicant_label


def next_step(status: str) -> str:
    return S(status).next_step


def _labels() -> dict:
    return {field.name: field.verbose_name for field in Application._meta.fields}


def answer_sections(application) -> list[dict]:
    """The answers step by step, as the review page, the application page and its PDF show them."""
    labels = _labels()
    return [
        {"step": step, "rows": [(labels[name], getattr(application, name)) for name in step.fields]}
        for step in steps_for(application.tier)
    ]


def scorer_sections(application) -> list[tuple[str, str]]:
    """The written answers a committee member reads, as (label, text); empty answers left out."""
    labels = _labels()
    return [(labels[name], getattr(application, name)) for name in SCORER_FIELDS if getattr(application, name)]


# Later apps add documents to the organisme's application page (committees: the feedback letter);
# this app cannot import them, so each registers `documents(application) -> [(label, url)]`.
_page_documents: list = []


def register_page_documents(documents) -> None:
    if documents not in _page_documents:
        _page_documents.append(documents)


def page_documents(application) -> list[tuple[str, str]]:
    return [item for documents in _page_documents for item in documents(application)]
