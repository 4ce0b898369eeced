"""Retention rules of `applications` (settings.PRIVACY_RETENTION), run by the privacy task.

Rows the dashboards and the ministry report count (applications, their status and amounts) stay;
what goes is personal content: an idle draft's answers and documents, a declined application's
documents once their time is up."""

from dataide.privacy.retention import months_before

from .models import Application, ApplicationStatus, Attachment, PartnerOrganisme

ANSWER_FIELDS = ("need", "project_summary", "expected_results", "timeline", "data_governance", "sustainability",
                 "network_scope")


def _delete_attachments(queryset) -> int:
    count = 0
    for attachment in queryset:
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count


def anonymise_idle_drafts(now, schedule) -> int:
    """Drafts nobody touched for `idle_drafts_months`: their answers blanked, their documents and
    partners deleted. The draft row, its tier and its requested amount stay (the funnel counts
    drafts: the organisme came to apply)."""
    limit = months_before(now, schedule["idle_drafts_months"])
    drafts = Application.objects.filter(status=ApplicationStatus.DRAFT, updated_at__lt=limit).exclude(
        need="", project_summary="", expected_results="", timeline="", data_governance="", sustainability="",
        network_scope="", attachments__isnull=True,
    )
    ids = list(drafts.values_list("pk", flat=True).distinct())
    if not ids:
        return 0
    _delete_attachments(Attachment.objects.filter(application_id__in=ids))
    PartnerOrganisme.objects.filter(application_id__in=ids).delete()
    # update() leaves updated_at alone: the draft stays as idle as it was.
    Application.objects.filter(pk__in=ids).update(**dict.fromkeys(ANSWER_FIELDS, ""))
    return len(ids)


def purge_declined_attachments(now, schedule) -> int:
    limit = months_before(now, 12 * schedule["declined_attachments_years"])
    return _delete_attachments(Attachment.objects.filter(
        application__status=ApplicationStatus.DECLINED, application__decided_at__lt=limit
    ))
