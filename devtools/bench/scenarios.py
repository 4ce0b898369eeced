"""Measurements that are not pages: concurrent awards on a tier's last places, the selection guide
PDF, queueing many e-mails and their delivery by one Celery worker."""

import queue
import statistics
import threading
import time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from applications.decisions import award_application, cancel_award
from applications.models import AWARDED_STATUSES, Application, ApplicationStatus
from applications.selectors import usage_of
from dataide.outbox.models import MessageStatus, OutboxMessage
from dataide.outbox.services import Recipient, queue_message, queue_messages
from organismes.models import Membership, MembershipRole
from programs.models import GrantTier, TierCode
from programs.services import build_selection_guide

from .scale import SCALE_NEQ_PREFIX

BENCH_CANCEL_REASON = "Banc d'essai : la bourse accordée pendant la mesure est annulée."


# --- Awards ---------------------------------------------------------------------------------


def _award_worker(staff, pending: queue.Queue, start: threading.Barrier | None, outcomes: list, own_connection: bool):
    try:
        if start is not None:
            start.wait()
        while True:
            try:
                application_id = pending.get_nowait()
            except queue.Empty:
                return
            application = Application.objects.get(pk=application_id)
            try:
                award_application(actor=staff, application=application, amount=application.amount_requested)
                outcomes.append("awarded")
            except ValidationError as error:
                outcomes.append(error.code or "refused")
    finally:
        if own_connection:
            connection.close()


def bench_awards(*, staff, workers: int, places_left: int, candidates: int) -> dict:
    """`workers` threads (each its own database connection) award `candidates` applications of
    the amorçage tier while only `places_left` places remain; then check the quota held.

    The tier's quota and envelope are raised for the measurement so that exactly `places_left`
    places are left whatever the scale set holds, and put back afterwards; the awards given are
    cancelled through the decision service, so the applications return to the committee's list."""
    tier = GrantTier.objects.get(code=TierCode.AMORCAGE)
    chosen = list(
        Application.objects.filter(
            # Only applications no committee is still scoring may be decided.
            Q(committee_assignment__isnull=True)
            | Q(committee_assignment__committee__scoring_deadline__lt=timezone.localdate()),
            tier=tier, status=ApplicationStatus.IN_REVIEW, organisme__neq__startswith=SCALE_NEQ_PREFIX,
            amount_requested__lte=tier.max_amount,
        ).order_by("pk").values_list("pk", flat=True)[:candidates]
    )
    if len(chosen) < 2:
        return {"skipped": "too few in_review amorçage applications in the scale set"}
    places_left = min(places_left, len(chosen) - 1)
    concurrent = workers if connection.vendor == "postgresql" else 1
    original = {"quota": tier.quota, "budget_envelope": tier.budget_envelope}
    usage = usage_of(tier)
    GrantTier.objects.filter(pk=tier.pk).update(
        quota=usage.awards + places_left, budget_envelope=usage.awarded_amount + Decimal(10_000_000)
    )
    staff.has_perm("applications.change_application")  # fill the permission cache before threads share it
    pending: queue.Queue = queue.Queue()
    for application_id in chosen:
        pending.put(application_id)
    outcomes: list[str] = []
    try:
        started = time.perf_counter()
        if concurrent == 1:
            _award_worker(staff, pending, None, outcomes, own_connection=False)
        else:
            barrier = threading.Barrier(concurrent)
            threads = [
                threading.Thread(target=_award_worker, args=(staff, pending, barrier, outcomes, True))
                for _ in range(concurrent)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        elapsed = time.perf_counter() - started
        tier.refresh_from_db()
        awards_after = Application.objects.filter(tier=tier, status__in=AWARDED_STATUSES).count()
        within_quota = awards_after <= tier.quota
        awarded_ids = list(
            Application.objects.filter(pk__in=chosen, status=ApplicationStatus.AWARDED).values_list("pk", flat=True)
        )
    finally:
        for application in Application.objects.filter(pk__in=chosen, status=ApplicationStatus.AWARDED):
            cancel_award(actor=staff, application=application, reason=BENCH_CANCEL_REASON)
        GrantTier.objects.filter(pk=tier.pk).update(**original)
    awarded = outcomes.count("awarded")
    return {
        "workers": concurrent,
        "candidates": len(chosen),
        "places_left": places_left,
        "awarded": awarded,
        "refused": len(outcomes) - awarded,
        "refusal_codes": sorted(set(outcomes) - {"awarded"}),
        "seconds": elapsed,
        "awards_per_s": awarded / elapsed if elapsed else 0.0,
        "decisions_per_s": len(outcomes) / elapsed if elapsed else 0.0,
        "awards_in_tier_after": awards_after,
        "quota": tier.quota,
        "within_quota": within_quota,
        "places_filled": len(awarded_ids) == places_left,
    }


# --- Selection guide ------------------------------------------------------------------------


def bench_guide_render(*, renders: int = 3) -> dict:
    """The guide of the amorçage tier's current criteria, rendered and stored like the Celery task
    does. The first render of the process is the cold one (fonts, stylesheets)."""
    criteria_set = GrantTier.objects.get(code=TierCode.AMORCAGE).current_criteria_set
    durations = []
    for _ in range(max(renders, 1)):
        started = time.perf_counter()
        build_selection_guide(criteria_set=criteria_set, language=settings.LANGUAGE_CODE)
        durations.append(time.perf_counter() - started)
    return {
        "cold_s": durations[0],
        "warm_median_s": statistics.median(durations[1:]) if len(durations) > 1 else None,
        "renders": len(durations),
    }


# --- Outbox ---------------------------------------------------------------------------------


def _responsibles(count: int) -> list[Membership]:
    return list(
        Membership.objects.filter(role=MembershipRole.RESPONSIBLE, organisme__neq__startswith=SCALE_NEQ_PREFIX)
        .select_related("user", "organisme")
        .order_by("organisme_id")[:count]
    )


# The message of both queueing measurements: an announcement whose content is the same for all.
ANNOUNCEMENT = ("webinar_reminder", {"webinar": {
    "title": "Le numérique au service de votre mission", "join_url": "https://webinaires.example.org/dataide",
}})


def bench_queue_messages(*, count: int) -> dict:
    """One e-mail per organisme through queue_message, all in one transaction, as a staff action
    on many organismes would do. `queue_s` is the time inside the transaction; `commit_s` adds the
    commit and the hand-off of every message to the broker (or their in-process delivery)."""
    memberships = _responsibles(count)
    template, context = ANNOUNCEMENT
    started = time.perf_counter()
    with transaction.atomic():
        messages = [
            queue_message(
                template=template,
                recipient_email=membership.user.email,
                recipient_user=membership.user,
                language=membership.organisme.preferred_language,
                context=context,
                addressee=membership.organisme,
            )
            for membership in memberships
        ]
        queued = time.perf_counter()
    committed = time.perf_counter()
    return {
        "messages": len(messages),
        "queue_s": queued - started,
        "commit_s": committed - started,
        "message_ids": [message.pk for message in messages],
    }


def bench_queue_messages_bulk(*, count: int) -> dict:
    """The same messages through queue_messages (rendered once per language, bulk insert). The
    transaction is rolled back: only the time to queue is measured, nothing is sent."""
    recipients = [
        Recipient(
            email=membership.user.email, language=membership.organisme.preferred_language,
            user=membership.user, addressee=membership.organisme,
        )
        for membership in _responsibles(count)
    ]
    template, context = ANNOUNCEMENT
    with transaction.atomic():
        started = time.perf_counter()
        messages = queue_messages(template=template, recipients=recipients, context=context)
        queued = time.perf_counter()
        transaction.set_rollback(True)
    return {"messages": len(messages), "queue_s": queued - started}


def purge_broker() -> int:
    """Drop tasks left in the broker by earlier steps (award e-mails), so the delivery timing
    counts only the messages it queued. Their rows stay pending: the relay would send them."""
    if not settings.REDIS_URL:
        return 0
    from config.celery import app

    return app.control.purge() or 0


def bench_delivery(*, message_ids: list[int], timeout: float) -> dict:
    """Start the SMTP sink and one worker, then time until every message in `message_ids` is sent."""
    from .worker import celery_worker, smtp_sink

    pending = OutboxMessage.objects.filter(pk__in=message_ids)
    with smtp_sink() as (handler, port), celery_worker(smtp_port=port):
        started = time.perf_counter()
        deadline = started + timeout
        sent = 0
        while time.perf_counter() < deadline:
            sent = pending.filter(status=MessageStatus.SENT).count()
            if sent >= len(message_ids):
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        received = handler.received
    return {
        "messages": len(message_ids),
        "sent": sent,
        "received_by_smtp": received,
        "seconds": elapsed,
        "per_s": sent / elapsed if elapsed else 0.0,
        "timed_out": sent < len(message_ids),
    }


# --- Leaving the data set as it was -------------------------------------------------------------

# What the scenarios write, vacuumed and analysed once they are done, as autovacuum would in time:
# the next run's pages then read the same data set, not its dead rows (3 000 e-mails updated twice
# per run, awards given then cancelled).
SCENARIO_MODELS = (OutboxMessage, Application)


def tidy_up(*, message_ids: list[int]) -> dict:
    """Delete the e-mails the outbox scenario queued (delivered to the sink, or not), then VACUUM
    (ANALYZE) what the scenarios wrote, on PostgreSQL (outside any transaction, as VACUUM must be)."""
    deleted, _ = OutboxMessage.objects.filter(pk__in=message_ids).delete()
    vacuumed = []
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for model in SCENARIO_MODELS:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
                vacuumed.append(model._meta.db_table)
    return {"messages_deleted": deleted, "vacuumed": vacuumed}

