from django.conf import settings


def program_contact(request):
    return {"PROGRAM_CONTACT_EMAIL": settings.PROGRAM_CONTACT_EMAIL}
