"""The organisme dashboard's applications panel (a card per tier: may it apply and why, then its
applications), written from Python: the template's filters, `blocktranslate`s, `url` and
`csrf_token` tags cost the dashboard more than reading the rows. The HTML is what
applications/_dashboard_panel.html wrote (tests/applications/dashboard_panel_reference.html, compared
in tests/applications/test_cards.py); translations are written as `{% translate %}` writes them
(not escaped: they are ours), every value escaped as the template's autoescaping does."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dataide.csrf import csrf_token
from dataide.formatting import csrf_input, escape, money_formatter
from dataide.reversing import pk_url, view_url


class _Page:
    """What every card and row of the panel share, read once: the links (reversed once per
    process, dataide.reversing), the form's CSRF field and the money formatter."""

    def __init__(self, request):
        self.detail_url = pk_url("applications:detail")
        self.start_url = view_url("applications:start")
        self.csrf_field = csrf_input(csrf_token(request))
        self.money = money_formatter()


def dashboard_panel_html(request, eligibilities, applications) -> str:
    """`eligibilities` (eligibility_for_all_tiers) as cards, then `applications` (newest first,
    each with its `applicant_status` and `next_step`) as a table."""
    page = _Page(request)
    cards = "".join(_card(answer, page) for answer in eligibilities)
    # Translated outside the f-strings: xgettext does not read inside one.
    tiers_title, applications_title = _("Vos bourses possibles"), _("Vos demandes")
    return mark_safe(  # every value escaped
        '<section aria-labelledby="titre-volets" class="mb-5">'
        f'<h2 id="titre-volets">{tiers_title}</h2><div class="row g-3">{cards}</div></section>'
        '<section aria-labelledby="titre-demandes" class="mb-5">'
        f'<h2 id="titre-demandes">{applications_title}</h2>{_applications_table(applications, page)}</section>'
    )


def _card(answer, page: _Page) -> str:
    tier = answer.tier
    code, name = escape(tier.code), escape(tier.localized("name"))
    up_to = _("jusqu'à %(amount)s") % {"amount": escape(page.money(tier.max_amount))}
    more = ""
    if len(answer.reasons) > 1:
        more = '<ul class="small">' + "".join(f"<li>{escape(reason.message)}</li>" for reason in answer.reasons[1:]) + "</ul>"
    return (
        '<div class="col-md-4">'
        f'<article class="card h-100 {"border-success" if answer.may_apply else ""}" aria-labelledby="eligibilite-{code}" '
        f'data-testid="eligibility-{code}"><div class="card-body">'
        f'<h3 class="h5" id="eligibilite-{code}">{name} <span class="text-body-secondary fw-normal">({up_to})</span></h3>'
        f"<p>{escape(answer.summary)}</p>{more}{_next_action(answer, name, code, page)}"
        "</div></article></div>"
    )


def _next_action(answer, name: str, code: str, page: _Page) -> str:
    """The card's one way forward: apply, see the open application, or the training to follow."""
    if answer.may_apply:
        start = _("Commencer une demande %(tier)s") % {"tier": name}
        return (
            f'<form method="post" action="{page.start_url}">{page.csrf_field}'
            f'<input type="hidden" name="tier" value="{code}">'
            f'<button type="submit" class="btn btn-primary">{start}</button></form>'
        )
    if answer.open_application:
        label = _("Voir la demande en cours")
        return f'<a href="{page.detail_url(answer.open_application.pk)}">{label}</a>'
    if not answer.gate.is_open and answer.tier.gate == "webinar":
        label = _("S'inscrire à un webinaire")
        return f'<a href="{view_url("trainings:webinars")}">{label}</a>'
    if not answer.gate.is_open and answer.tier.gate == "nord_ouvert":
        label = _("La formation de Nord Ouvert")
        return f'<a href="{view_url("trainings:candidacy")}">{label}</a>'
    return ""


def _title(title: str) -> str:
    return f'<br><span class="small">{escape(title)}</span>' if title else ""


def _applications_table(applications, page: _Page) -> str:
    if not applications:
        nothing_yet = _("Aucune demande pour l'instant.")
        return f"<p>{nothing_yet}</p>"
    headers = "".join(
        f'<th scope="col">{label}</th>' for label in (_("Demande"), _("Volet"), _("Montant"), _("Statut"), _("Et ensuite ?"))
    )
    draft = _("Brouillon")  # as `default:_("…")` writes it: ours, not escaped
    rows = "".join(
        f'<tr><td><a href="{page.detail_url(application.pk)}">{escape(application.number) if application.number else draft}</a>'
        f"{_title(application.title)}</td>"
        f'<td>{escape(application.tier.localized("name"))}</td><td>{escape(page.money(application.amount_requested))}</td>'
        f'<td><span class="badge text-bg-secondary">{escape(application.applicant_status)}</span></td>'
        f'<td class="small">{escape(application.next_step)}</td></tr>'
        for application in applications
    )
    return (
        '<div class="table-responsive"><table class="table align-middle">'
        f"<thead><tr>{headers}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
