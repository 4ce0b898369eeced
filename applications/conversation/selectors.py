from django.db.models import Exists, OuterRef, Subquery

from dataide.staff_home import CompiledQueue

from ..models import Application
from .models import ApplicationMessage


def conversation_of(application):
    return application.conversation.select_related("author").order_by("created_at", "pk")


def questions_waiting(region_ids=None):
    """« Questions en attente » for the staff home: the applications whose latest message comes
    from the organisme, oldest question first, each with `waiting_since` (the question's date).
    `region_ids` limits to the regions of regional staff (None: every region). The `workspace`
    developer's staff panels call this."""
    latest = ApplicationMessage.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-pk")
    queryset = (
        Application.objects.select_related("organisme")
        .only("number", "organisme__legal_name")  # what the panel shows, not the applications' answers
        .annotate(
            has_messages=Exists(ApplicationMessage.objects.filter(application=OuterRef("pk"))),
            last_from_staff=Subquery(latest.values("from_staff")[:1]),
            waiting_since=Subquery(latest.values("created_at")[:1]),
        )
        .filter(has_messages=True, last_from_staff=False)
        .order_by("waiting_since")
    )
    if region_ids is not None:
        queryset = queryset.filter(region_id__in=region_ids)
    return queryset


_QUESTIONS_WAITING = CompiledQueue(questions_waiting)


def first_questions_waiting(region_ids) -> tuple[int, list]:
    """`questions_waiting` as the staff home's panel reads it: (count, first rows), one query
    compiled once per shape."""
    return _QUESTIONS_WAITING.first(region_ids=region_ids)
