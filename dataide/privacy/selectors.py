"""Reads of the privacy records."""

from dataide.staff_home import first_of_queue

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


def consent_history(person):
    return Consent.objects.filter(user=person).select_related("purpose").order_by("-created_at", "-pk")


def current_consent(person, code: str) -> bool:
    """Whether `person` currently consents to the purpose `code` (its latest choice)."""
    latest = Consent.objects.filter(user=person, purpose__code=code).order_by("-created_at", "-pk").first()
    return bool(latest and latest.given)


def reads_of_organisme(organisme_id: int, limit: int = 200):
    return ReadLogEntry.objects.filter(organisme_id=organisme_id).order_by("-read_at", "-pk")[:limit]


def open_requests():
    """The requests not answered yet, the nearest legal deadline first (staff home; one query)."""
    return first_of_queue(PrivacyRequest.objects.filter(answered_on__isnull=True).order_by("due_on", "pk"))
