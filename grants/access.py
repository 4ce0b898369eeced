"""The one way applicant views fetch an agreement: through the acting organisme's application
(applications.access), so "missing" and "not yours" are the same 404."""

from django.http import Http404

from applications.access import application_for_request

from .models import Agreement, ReportAttachment


def agreement_for_request(request, application_pk) -> Agreement:
    application = application_for_request(request, application_pk)
    agreement = Agreement.objects.select_related("text").filter(application=application).first()
    if agreement is None:
        raise Http404
    agreement.application = application  # keeps viewer_role
    return agreement


def report_attachment_for_request(request, application_pk, attachment_pk) -> ReportAttachment:
    """A document of the acting organisme's final report; another's (or none) is a 404."""
    application = application_for_request(request, application_pk)
    attachment = (
        ReportAttachment.objects.select_related("report").filter(pk=attachment_pk, report__application=application).first()
    )
    if attachment is None:
        raise Http404
    attachment.report.application = application
    return attachment
