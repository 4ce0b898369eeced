"""State changes of the portal's own content: the help pages staff write (the admin's
save_model calls this service)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event

from .models import HelpPage

EDITABLE = ("slug", "slug_en", "title_fr", "title_en", "summary_fr", "summary_en", "body_fr", "body_en", "position")


def save_help_page(*, actor, page: HelpPage, fields=()) -> HelpPage:
    """Create the page, or save the `fields` an admin form changed; the trail names what changed
    (the bodies themselves stay in the page, not in the trail)."""
    permission = "portal.change_helppage" if page.pk else "portal.add_helppage"
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied
    with transaction.atomic():
        stored = HelpPage.objects.select_for_update().get(pk=page.pk) if page.pk else None
        page.full_clean()
        names = EDITABLE if stored is None else [name for name in fields if name in EDITABLE]
        changed = [name for name in names if stored is None or getattr(stored, name) != getattr(page, name)]
        if stored is None:
            page.save()
        elif changed:
            page.save(update_fields=[*changed, "updated_at"])
        if changed:
            record_event(
                actor=actor, action=AuditEventType.HELP_PAGE_SAVED, target=page, slug=page.slug, fields=changed,
                created=stored is None,
            )
    return page
