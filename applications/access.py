"""The one way applicant views fetch an application or one of its files by id.

Only the applications of the organisme the request acts for (the navbar's switcher) are reached:
"missing", "not yours" and "of another of your organismes" give the same 404, so ids reveal
nothing and one organisme's pages never show another's application.
"""

from django.http import Http404

from dataide.compiled import CompiledQuery
from organismes.access import acting_membership
from organismes.models import MembershipRole

from .models import Application, Attachment


def _applications_of_organisme(pk, organisme_id):
    """The application `pk` if the organisme `organisme_id` made it (one row at most)."""
    return (
        Application.objects.select_related("organisme", "tier", "tier__program")
        .filter(pk=pk, organisme_id=organisme_id)
        .order_by()[:1]  # the id is unique: no ordering to compile or sort
    )


# Django compiled this query's three joins on every page of an application, some 4 900 Python
# calls against a cheap answer: its SQL is compiled once per process (dataide.compiled).
_APPLICATION_OF_ORGANISME = CompiledQuery(_applications_of_organisme)


def application_for_request(request, pk) -> Application:
    """The application of the acting organisme, with `viewer_role` set to the person's role."""
    membership = acting_membership(request)
    if membership is None:
        raise Http404
    application = _APPLICATION_OF_ORGANISME.first(pk=int(pk), organisme_id=membership.organisme_id)
    if application is None:
        raise Http404
    application.viewer_role = membership.role
    return application


def viewer_is_responsible(application: Application) -> bool:
    return application.viewer_role == MembershipRole.RESPONSIBLE


def attachment_for_request(request, application_pk, pk) -> tuple[Application, Attachment]:
    application = application_for_request(request, application_pk)
    attachment = Attachment.objects.filter(application=application, pk=pk).first()
    if attachment is None:
        raise Http404
    return application, attachment
