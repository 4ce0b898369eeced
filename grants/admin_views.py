"""Staff pages of the money and of the report to the ministry (grants.ministry): the page, its
PDF and its CSV, for the whole program or one program year (`?annee=N`). Hooked into the admin
by PaymentAdmin.get_urls; open to the DATAide team only (ministry.may_read_ministry_report)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from applications.reporting import current_program
from dataide.documents import render_pdf
from dataide.exports import BOM, csv_response, csv_row
from programs.years import program_years

from . import ministry
from .selectors import money_by_tier


def _allowed(request) -> None:
    if not ministry.may_read_ministry_report(request.user):
        raise PermissionDenied


def _year(request, program):
    """The program year asked for, or None (the whole program); a wrong value says so."""
    asked = request.GET.get("annee", "")
    if not asked:
        return None
    year = next((year for year in program_years(program) if str(year.number) == asked), None)
    if year is None:
        messages.error(request, _("Cette année n'existe pas dans le programme : voici l'ensemble du programme."))
    return year


def _report(request):
    _allowed(request)
    program = current_program()
    return ministry.ministry_report(program, _year(request, program))


def _period(report) -> str:
    if report.year is None:
        return _("Ensemble du programme")
    return _("Année %(number)s (%(start)s au %(end)s)") % {
        "number": report.year.number, "start": report.year.starts_on.isoformat(), "end": report.year.ends_on.isoformat(),
    }


def _query(report) -> str:
    return f"?annee={report.year.number}" if report.year else ""


def ministry_report_view(model_admin, request):
    report = _report(request)
    return TemplateResponse(request, "admin/grants/ministry_report.html", {
        **model_admin.admin_site.each_context(request), "report": report, "period": _period(report),
        "query": _query(report), "title": _("Rapport au ministère"),
    })


def ministry_report_pdf_view(model_admin, request):
    report = _report(request)
    content = render_pdf("pdf/ministry_report.html", {"report": report, "period": _period(report)}, language=request.LANGUAGE_CODE)
    response = HttpResponse(content, content_type="application/pdf")
    suffix = f"-annee-{report.year.number}" if report.year else ""
    response["Content-Disposition"] = f'attachment; filename="rapport-ministere{suffix}.pdf"'
    return response


CSV_HEADER = [
    _("Période"), _("Section"), _("Indicateur"), _("Volet"), _("Région"), _("Valeur"), _("Cible"), _("Définition"),
]


def csv_rows(report) -> list[list]:
    """One line per figure (per tier and region where it is split), in the page's order."""
    definitions = report.definitions
    rows = [[_("Portée"), figure.label, "", "", figure.value, figure.target, figure.definition] for figure in report.reach]
    section = _("Demandes et bourses")
    for row in [*report.regions, report.total]:
        region = str(row.region) if row.region else _("Toutes les régions")
        for tier, cell in zip(report.tiers, row.tiers, strict=True):
            rows.append([section, _("Demandes soumises"), tier.name_fr, region, cell.submitted, None, definitions["submitted"]])
            rows.append([section, _("Bourses accordées"), tier.name_fr, region, cell.awards, tier.quota, definitions["awards"]])
    section = _("Montants par enveloppe")
    for money, balance in zip(report.money, report.balances, strict=True):
        tier = money.tier.name_fr
        rows += [
            [section, _("Montant engagé"), tier, "", money.committed, money.envelope, definitions["committed"]],
            [section, _("Montant versé"), tier, "", money.paid, None, definitions["paid"]],
            [section, _("Reste à verser"), tier, "", balance.to_pay, None, definitions["to_pay"]],
            [section, _("Enveloppe restante"), tier, "", balance.envelope_left, None, definitions["envelope_left"]],
        ]
    section = _("Suivi des bourses")
    for row in report.follow_up:
        rows += [
            [section, _("Conventions signées"), row.tier.name_fr, "", row.signed, None, definitions["signed"]],
            [section, _("Bilans reçus"), row.tier.name_fr, "", row.reports_received, None, definitions["reports_received"]],
            [section, _("Bilans acceptés"), row.tier.name_fr, "", row.reports_accepted, None, definitions["reports_accepted"]],
        ]
    return [[_period(report), *row] for row in rows]


def ministry_report_csv_view(model_admin, request):
    report = _report(request)
    lines = [BOM + csv_row(CSV_HEADER), *(csv_row(row) for row in csv_rows(report))]
    suffix = f"-annee-{report.year.number}" if report.year else ""
    return csv_response(lines, "rapport-ministere" + suffix)


def money_view(model_admin, request):
    """Committed vs paid vs remaining per tier (the dashboard's figure, on its own short page)."""
    _allowed(request)
    return TemplateResponse(request, "admin/grants/money.html", {
        **model_admin.admin_site.each_context(request), "money_rows": [(row, row) for row in money_by_tier(current_program())],
        "definitions": ministry.DEFINITIONS, "title": _("Engagé, versé et restant par volet"),
    })
