"""The one way applicant views fetch an agreement: through the acting organisme's application
(applications.access), so "missing" and "not yours" are the same 404."""

from django.http import Http404

from applications.access import application_for_request

from .models import Agreement


def agreement_for_request(request, application_pk) -> Agreement:
    application = application_for_request(request, application_pk)
    agreement = Agreement.objects.select_related("text").filter(application=application).first()
    if agreement is None:
        raise Http404
    agreement.application = application  # keeps viewer_role
    return agreement
