from django.utils.translation import gettext_lazy as _

from dataide.exports import Column

from .models import AttendanceSource

ATTENDANCE_COLUMNS = [
    Column(_("Webinaire"), "webinar__title"),
    Column(_("Date du webinaire"), "webinar__starts_at"),
    Column(_("Organisme"), "organisme__legal_name"),
    Column(_("NEQ"), "organisme__neq"),
    Column(_("Région"), "organisme__region__name"),
    Column(_("Minutes de présence"), "minutes"),
    Column(_("Participant"), "attendee_name"),
    Column(_("Courriel du participant"), "attendee_email"),
    Column(_("Source"), "source", labels=AttendanceSource),
    Column(_("Enregistrée le"), "recorded_at"),
]
