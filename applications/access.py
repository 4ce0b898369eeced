"""The one way applicant views fetch an application or one of its files by id.

"Missing" and "not yours" give the same 404, so ids reveal nothing about other organismes.
"""

from django.db.models import OuterRef, Subquery
from django.http import Http404

from organismes.models import Membership, MembershipRole

from .models import Application, Attachment


def application_for_user(user, pk) -> Application:
    """The application if `user` is a member of its organisme, with `viewer_role` set to their role."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    role = Membership.objects.filter(user=user, organisme=OuterRef("organisme_id")).values("role")[:1]
    application = (
        Application.objects.select_related("organisme", "tier", "tier__program")
        .annotate(viewer_role=Subquery(role))
        .filter(pk=pk, viewer_role__isnull=False)
        .first()
    )
    if application is None:
        raise Http404
    return application


def viewer_is_responsible(application: Application) -> bool:
    return application.viewer_role == MembershipRole.RESPONSIBLE


def attachment_for_user(user, application_pk, pk) -> tuple[Application, Attachment]:
    application = application_for_user(user, application_pk)
    attachment = Attachment.objects.filter(application=application, pk=pk).first()
    if attachment is None:
        raise Http404
    return application, attachment
