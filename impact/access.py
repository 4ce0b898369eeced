"""Fetch an organisme's impact share by id: 404 for missing and not yours alike."""

from django.http import Http404

from organismes.access import acting_organisme

from .models import ImpactShare


def share_for_request(request, pk) -> ImpactShare:
    organisme = acting_organisme(request)
    share = ImpactShare.objects.filter(organisme=organisme, pk=pk).first() if organisme else None
    if share is None:
        raise Http404
    return share


def funded_application_for_request(request, pk):
    from .selectors import funded_applications

    organisme = acting_organisme(request)
    application = funded_applications(organisme).filter(pk=pk).first() if organisme else None
    if application is None:
        raise Http404
    return application
