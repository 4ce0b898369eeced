"""Committee members' pages (MFA required for the whole `committees` namespace) and the results
page where staff decide. Every object comes through committees.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.decision_forms import DecisionForm
from applications.decisions import DECIDE_PERMISSION
from dataide.csrf import csrf_token
from dataide.storage import download_response

from . import services
from .access import (
    assignment_for_member,
    attachment_for_member,
    committee_assignment,
    committee_for_calibration,
    committee_for_member,
    committees_for_simulation,
    declared_assignment_for_member,
    may_calibrate,
    scorecard_for_member,
)
from .aggregation import NOT_APPLICABLE_HELP
from .calibration import FLAG_GAP, MIN_SCORES, committee_calibration
from .dashboard_page import committee_section
from .forms import ConflictForm, ScorecardForm, SimulationForm
from .results_page import result_rows
from .scorecard_page import application_html, own_scorecard_html, scorecard_html
from .selectors import (
    application_documents,
    application_sections,
    committee_results,
    member_dashboard,
    own_scorecard,
    peer_scorecards,
    scorecard_score,
    scoring_criteria,
    with_budget_lines,
)
from .simulation import simulate


@login_required
@require_GET
def dashboard(request):
    dashboard = member_dashboard(request.user, page=request.GET.get("page"))
    sections = [committee_section(entry) for entry in dashboard.committees]
    return render(request, "committees/dashboard.html", {"sections": sections, "page_obj": dashboard.page})


@login_required
@require_http_methods(["GET", "POST"])
def conflict(request, application_pk):
    assignment = assignment_for_member(request.user, application_pk)
    if assignment.declared and request.method == "GET":
        return redirect("committees:application", application_pk)
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(
                actor=request.user,
                assignment=assignment,
                has_conflict=form.cleaned_data["has_conflict"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["has_conflict"]:
                messages.info(
                    request,
                    _("Merci. Cette demande est retirée de votre liste et l'équipe DATAide en est informée."),
                )
                return redirect("committees:dashboard")
            return redirect("committees:application", application_pk)
    return render(request, "committees/conflict.html", {"assignment": assignment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def application(request, application_pk):
    """The application, read-only, beside the member's scorecard (a form until submitted)."""
    assignment = declared_assignment_for_member(request.user, application_pk)
    if assignment is None:
        return redirect("committees:conflict", application_pk)
    scorecard = own_scorecard(assignment, request.user)
    if scorecard is not None and scorecard.is_submitted and request.method == "GET":
        # Read-only from now on: its scores were fetched with their criteria, no form to build.
        return _application_page(request, assignment, scorecard, form=None)
    criteria_set = scorecard.criteria_set if scorecard else assignment.application.tier.current_criteria_set
    if criteria_set is None:
        raise Http404
    criteria = scoring_criteria(criteria_set)
    form = ScorecardForm(request.POST if request.method == "POST" else None, criteria=criteria, scorecard=scorecard)
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST
        try:
            scorecard = services.start_scorecard(actor=request.user, assignment=assignment)
            services.save_scorecard(
                actor=request.user,
                scorecard=scorecard,
                marks=form.marks(),
                recommendation=form.cleaned_data["recommendation"],
                general_comment=form.cleaned_data["general_comment"],
                submit=submit,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Votre grille est soumise. Merci !") if submit else _("Brouillon enregistré.")
            )
            return redirect("committees:application", application_pk)
    return _application_page(request, assignment, scorecard, form=form)


def _application_page(request, assignment, scorecard, *, form):
    """`form`: the scorecard's form, None once it is submitted (the page shows it read-only)."""
    if scorecard is not None:
        scorecard.weighted = scorecard_score(scorecard)
    application = with_budget_lines(assignment.application)
    context = {
        "assignment": assignment,
        "application": application,
        "application_html": application_html(
            application, application_sections(application), application_documents(application)
        ),
        "scorecard": scorecard,
        "scorecard_html": own_scorecard_html(scorecard, application.pk) if scorecard is not None and scorecard.is_submitted else "",
        "form": form,
        "rows": form.criterion_rows() if form is not None else [],
        "not_applicable_help": NOT_APPLICABLE_HELP,
    }
    return render(request, "committees/application.html", context)


@login_required
@require_GET
def attachment(request, application_pk, attachment_pk):
    """A document of the application, for a member who may read the application itself."""
    document = attachment_for_member(request.user, application_pk, attachment_pk)
    return download_response(document.file, filename=document.original_name, content_type=document.content_type)


@login_required
@require_GET
def peers(request, application_pk):
    """Other members' scorecards: 404 until the viewer submitted their own (blind scoring)."""
    own = scorecard_for_member(request.user, application_pk, submitted=True)
    return render(
        request,
        "committees/peers.html",
        {
            "assignment": own.assignment,
            "application": own.assignment.application,
            "scorecards": [(card, scorecard_html(card)) for card in peer_scorecards(own.assignment, request.user)],
        },
    )


def _results_page(request, committee, *, failed=None, status=200):
    """`failed`: (application pk, rejected DecisionForm), shown on that application's row, on
    the page holding it (committees.results_page)."""
    results = committee_results(
        committee, viewer=request.user, page=request.GET.get("page"), application_pk=failed[0] if failed else None
    )
    can_decide = request.user.has_perm(DECIDE_PERMISSION)
    return render(
        request,
        "committees/results.html",
        {
            "committee": committee,
            "results": results,
            "rows": result_rows(
                results.rows, committee, can_decide=can_decide, csrf_token=csrf_token(request), failed=failed
            ),
            "page_obj": results.page,
            "can_decide": can_decide,
            "can_calibrate": may_calibrate(request.user, committee),
            # Shown above the results when the refused decision's row is not on the page.
            "decision_errors": failed[1].non_field_errors() if failed else [],
        },
        status=status,
    )


@login_required
@require_GET
def results(request, committee_pk):
    return _results_page(request, committee_for_member(request.user, committee_pk))


@login_required
@require_POST
def decide(request, committee_pk, application_pk):
    """The results page's decision: `decisions.decide` judges every rule (who decides, the
    amount, quota and envelope, scoring over), the form only parses."""
    committee = committee_for_member(request.user, committee_pk)
    application = committee_assignment(request.user, committee, application_pk).application
    form = DecisionForm(request.POST, status=application.status)
    if form.is_valid():
        try:
            proposed = form.decide(actor=request.user, application=application)
        except ValidationError as error:
            form.add_decision_error(error)
        else:
            messages.success(request, _("Décision enregistrée pour %(application)s.") % {"application": application})
            if proposed is not None:
                messages.info(
                    request,
                    _("Une place est libérée : la prochaine demande sur la liste d'attente est %(application)s.")
                    % {"application": proposed},
                )
            return redirect("committees:results", committee.pk)
    return _results_page(request, committee, failed=(application.pk, form), status=400)


@login_required
@require_GET
def calibration(request, committee_pk):
    """Staff only: how each member scores, criterion by criterion (committees.calibration)."""
    committee = committee_for_calibration(request.user, committee_pk)
    return render(request, "committees/calibration.html", {
        "committee": committee,
        "criteria": committee_calibration(committee),
        "flag_gap": FLAG_GAP,
        "min_scores": MIN_SCORES,
    })


@login_required
@require_GET
def simulation(request):
    """Staff only, read-only: fund the top N of each region in a tier and see what is left
    (committees.simulation). Nothing is recorded; real decisions stay on the results pages."""
    committees = committees_for_simulation(request.user)
    form = SimulationForm(request.GET if "tier" in request.GET else None)
    outcome = None
    if form.is_valid():
        outcome = simulate(
            committees=committees, tier=form.cleaned_data["tier"], per_region=form.cleaned_data["per_region"],
            viewer=request.user,
        )
    return render(request, "committees/simulation.html", {"form": form, "simulation": outcome})
