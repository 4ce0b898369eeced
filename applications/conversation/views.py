"""The conversation pages: the organisme's (through the applications' access helper) and the
team's (screening staff, of the application's region)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import application_for_request
from ..models import Application
from . import services
from .forms import MessageForm
from .selectors import conversation_of


def _thread(request, application, *, template, back):
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_message(
                actor=request.user, application=application,
                body=form.cleaned_data["body"], uploaded_file=form.cleaned_data["file"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error("file" if getattr(error, "code", "").startswith("file") else None, error)
        else:
            messages.success(request, _("Votre message est envoyé."))
            return redirect(back)
    return render(request, template, {
        "application": application, "thread": conversation_of(application), "form": form,
    })


def _file(message):
    if message is None or not message.file:
        raise Http404
    try:
        handle = message.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=message.file_name, content_type=message.file_type)


@login_required
def conversation(request, pk):
    application = application_for_request(request, pk)
    return _thread(request, application, template="applications/conversation.html",
                   back=request.path)


@login_required
def conversation_file(request, pk, message_pk):
    application = application_for_request(request, pk)
    return _file(application.conversation.filter(pk=message_pk).first())


def _staff_application(request, pk):
    """An application screening staff may answer about (their regions); anyone else: 404,
    committee members included."""
    application = Application.objects.select_related("organisme", "tier").filter(pk=pk).first()
    if application is None or services.side_of(request.user, application) != "staff":
        raise Http404
    return application


@login_required
def staff_thread(request, pk):
    application = _staff_application(request, pk)
    return _thread(request, application, template="applications/conversation_staff.html", back=request.path)


@login_required
def staff_file(request, pk, message_pk):
    application = _staff_application(request, pk)
    return _file(application.conversation.filter(pk=message_pk).first())
