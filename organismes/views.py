from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dataide.sanitize import clean_html

from . import services
from .access import (
    acting_membership,
    invitation_addressed_to,
    invitation_for_request,
    join_request_for_request,
    membership_for_request,
    membership_to_act_for,
    message_for_request,
    remember_choice,
)
from .dashboard import panels_for
from .forms import InvitationForm, JoinRequestForm, OrganismeForm, OrganismeProfileForm
from .message_rows import message_list_html
from .selectors import is_responsible, messages_received, pending_join_requests_of, recent_messages, team_of

MESSAGES_PER_PAGE = 20


def _show_refusal(request, error):
    """A rule or role refusal, explained in plain words on the next page."""
    for text in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, text)


@login_required
def dashboard(request):
    membership = acting_membership(request)
    if membership is None:
        if request.user.requires_mfa:
            return redirect("admin:index" if request.user.is_staff else "home")
        return redirect("organismes:start")
    organisme = membership.organisme
    received = recent_messages(organisme, request.user)
    return render(request, "organismes/dashboard.html", {
        "organisme": organisme,
        "membership": membership,
        "is_responsible": is_responsible(membership),
        "panels": panels_for(request, organisme, membership),
        "received_messages": received, "received_list": message_list_html(received),
    })


@login_required
def message_list(request):
    """The message centre: every message this person received for the organisme, newest first."""
    membership = acting_membership(request)
    if membership is None:
        return redirect("organismes:start")
    page_obj = Paginator(messages_received(membership.organisme, request.user), MESSAGES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "organismes/messages.html", {
        "organisme": membership.organisme, "page_obj": page_obj, "received_list": message_list_html(page_obj.object_list),
    })


@login_required
def message_detail(request, pk):
    """One message as it was sent: its HTML cleaned to show inside our page (no script, no style,
    nothing the Content-Security-Policy would refuse), or its text when it has no HTML."""
    message = message_for_request(request, pk)
    services.mark_message_read(actor=request.user, message=message)
    return render(request, "organismes/message.html", {
        "message": message,
        "body_html": clean_html(message.body_html) if message.body_html else "",
    })


@login_required
def start(request):
    """The "create or join" page where people without an organisme land after signing in."""
    return render(request, "organismes/start.html", {
        "create_form": OrganismeForm(),
        "join_form": JoinRequestForm(),
        "pending_requests": pending_join_requests_of(request.user),
        "membership": acting_membership(request),
    })


@login_required
def create(request):
    form = OrganismeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisme = services.create_organisme(actor=request.user, organisme=form.save(commit=False))
        except services.NeqAlreadyRegistered as taken:
            return _join(request, taken.organisme, message="")
        _act_for(request, membership_to_act_for(request, organisme.pk))
        messages.success(request, _("Votre organisme est inscrit. Bienvenue dans DATAide !"))
        return redirect("organismes:dashboard")
    return render(request, "organismes/create.html", {"form": form})


def _join(request, organisme, *, message):
    try:
        services.request_to_join(actor=request.user, organisme=organisme, message=message)
    except ValidationError as error:
        _show_refusal(request, error)
        return redirect("organismes:dashboard")
    messages.info(request, _(
        "%(name)s est déjà inscrit au portail avec ce NEQ : votre demande pour rejoindre son équipe a été "
        "envoyée à sa personne responsable. Vous aurez accès au tableau de bord dès qu'elle l'aura acceptée."
    ) % {"name": organisme.legal_name})
    return redirect("organismes:start")


@login_required
def join(request):
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _join(request, form.organisme, message=form.cleaned_data["message"])
    return render(request, "organismes/join.html", {"form": form})


@login_required
def team(request):
    membership = acting_membership(request)
    if membership is None:
        return redirect("organismes:start")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_collaborator(
                actor=request.user, organisme=membership.organisme,
                email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error("email", getattr(error, "messages", [str(error)]))
        else:
            messages.success(request, _("L'invitation est envoyée à %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("organismes:team")
    return render(request, "organismes/team.html", {
        "organisme": membership.organisme,
        "membership": membership,
        "is_responsible": is_responsible(membership),
        "invitation_form": form,
        **team_of(membership.organisme),
    })


@login_required
def edit_profile(request):
    """The responsible person edits the organisme's profile; collaborators are told who can."""
    membership = acting_membership(request)
    if membership is None:
        return redirect("organismes:start")
    if not is_responsible(membership):
        messages.error(request, _("Seule la personne responsable de l'organisme peut modifier son profil."))
        return redirect("organismes:dashboard")
    form = OrganismeProfileForm(request.POST or None, instance=membership.organisme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, organisme=form.save(commit=False), fields=form.changed_data)
        except PermissionDenied as error:
            _show_refusal(request, error)
            return redirect("organismes:dashboard")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le profil de l'organisme est enregistré."))
            return redirect("organismes:dashboard")
    return render(request, "organismes/edit_profile.html", {"form": form, "organisme": membership.organisme})


def _decide(request, pk, service, success):
    join_request = join_request_for_request(request, pk)
    try:
        service(actor=request.user, join_request=join_request)
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
    else:
        messages.success(request, success % {"person": join_request.user})
    return redirect("organismes:team")


@login_required
@require_POST
def approve_join_request(request, pk):
    return _decide(request, pk, services.approve_join_request, _("%(person)s fait maintenant partie de l'équipe."))


@login_required
@require_POST
def refuse_join_request(request, pk):
    return _decide(request, pk, services.refuse_join_request, _("La demande de %(person)s est refusée."))


@login_required
@require_POST
def remove_member(request, pk):
    membership = membership_for_request(request, pk)
    try:
        services.remove_member(actor=request.user, membership=membership)
    except (ValidationError, PermissionDenied) as error:
        _show_refusal(request, error)
        return redirect("organismes:team")
    if membership.user_id == request.user.pk:
        messages.success(request, _("Vous avez quitté l'équipe de %(name)s.") % {"name": membership.organisme.legal_name})
        return redirect("organismes:dashboard")
    messages.success(request, _("%(person)s ne fait plus partie de l'équipe.") % {"person": membership.user})
    return redirect("organismes:team")


@login_required
@require_POST
def cancel_invitation(request, pk):
    invitation = invitation_for_request(request, pk)
    try:
        services.cancel_invitation(actor=request.user, invitation=invitation)
    except PermissionDenied as error:
        _show_refusal(request, error)
    else:
        messages.success(request, _("L'invitation à %(email)s est annulée.") % {"email": invitation.email})
    return redirect("organismes:team")


@login_required
def accept_invitation(request, token):
    invitation = invitation_addressed_to(request, token)
    if request.method == "POST":
        try:
            membership = services.accept_invitation(actor=request.user, invitation=invitation)
        except ValidationError as error:
            _show_refusal(request, error)
            return redirect("organismes:start")
        _act_for(request, membership)
        messages.success(request, _("Bienvenue dans l'équipe de %(name)s !") % {"name": invitation.organisme.legal_name})
        return redirect("organismes:dashboard")
    return render(request, "organismes/accept_invitation.html", {"invitation": invitation})


def _act_for(request, membership):
    services.choose_organisme(actor=request.user, membership=membership)
    remember_choice(request, membership)


@login_required
@require_POST
def act_for(request, pk):
    """The navbar's switcher: from now on this session acts for organisme `pk`. It lands on the
    dashboard, because the page it came from may show the previous organisme's application."""
    membership = membership_to_act_for(request, pk)
    _act_for(request, membership)
    messages.success(request, _("Vous agissez maintenant pour %(name)s.") % {"name": membership.organisme.legal_name})
    return redirect("organismes:dashboard")
