"""Reads of the privacy records."""

from django.db.models import Exists, OuterRef

from dataide.accounts.authz import person_fact
from dataide.compiled import CompiledQuery
from dataide.languages import Language
from dataide.staff_home import CompiledQueue

from .models import Consent, ConsentPurpose, PrivacyNotice, PrivacyRequest, ReadLogEntry


def current_notice() -> PrivacyNotice | None:
    return PrivacyNotice.objects.order_by("-version").first()


def consent_choices(person) -> list[tuple[ConsentPurpose, Consent | None]]:
    """Each purpose on offer (or once consented to) with the person's latest choice. Two queries."""
    latest = {}
    for consent in Consent.objects.filter(user=person).order_by("created_at", "pk"):
        latest[consent.purpose_id] = consent
    purposes = ConsentPurpose.objects.filter(active=True) | ConsentPurpose.objects.filter(pk__in=list(latest))
    return [(purpose, latest.get(purpose.pk)) for purpose in purposes.distinct().order_by("position", "code")]


def unanswered_purposes(person):
    """The purposes on offer the person has not answered (oui or non) under their current text:
    new since they signed up, or reworded since they chose. The banner and the consent page ask
    about these until each is answered."""
    answered = Consent.objects.filter(user=person, purpose=OuterRef("pk"), purpose_version=OuterRef("version"))
    return ConsentPurpose.objects.filter(active=True).exclude(Exists(answered))


CONSENT_PROMPT = "consent_prompt"


def unanswered_purpose_labels(person, language: str) -> list[str]:
    """The banner's list on every page: one of the person's facts kept in the cache, forgotten on
    any answer or purpose change (PrivacyConfig)."""
    prompts = person_fact(person, CONSENT_PROMPT)
    return prompts.get(language, prompts[Language.FRENCH])


def compute_consent_prompt(person) -> dict[str, list[str]]:
    purposes = list(unanswered_purposes(person))
    return {language: [purpose.label(language) for purpose in purposes] for language in Language.values}


def consent_history(person) -> list[Consent]:
    """Newest first; a « non » is a refusal when nothing was given before it, else a withdrawal."""
    rows = list(Consent.objects.filter(user=person).select_related("purpose").order_by("created_at", "pk"))
    given_before = set()
    for consent in rows:
        consent.refused = not consent.given and consent.purpose_id not in given_before
        if consent.given:
            given_before.add(consent.purpose_id)
    return rows[::-1]


def current_consent(person, code: str) -> bool:
    """Whether `person` currently consents to the purpose `code` (its latest choice)."""
    latest = Consent.objects.filter(user=person, purpose__code=code).order_by("-created_at", "-pk").first()
    return bool(latest and latest.given)


READS_SHOWN = 200


def _reads_of_organisme(organisme_id):
    return ReadLogEntry.objects.filter(organisme_id=organisme_id).order_by("-read_at", "-pk")[:READS_SHOWN]


# « Ce que nous détenons » reads them on every view: compiled once per process.
_READS_OF_ORGANISME = CompiledQuery(_reads_of_organisme)


def reads_of_organisme(organisme_id: int) -> list[ReadLogEntry]:
    """The organisme's latest reads, newest first."""
    return _READS_OF_ORGANISME.run(organisme_id=organisme_id)


_OPEN_REQUESTS = CompiledQueue(lambda: PrivacyRequest.objects.filter(answered_on__isnull=True).order_by("due_on", "pk"))


def open_requests():
    """The requests not answered yet, the nearest legal deadline first (staff home; one query)."""
    return _OPEN_REQUESTS.first()
