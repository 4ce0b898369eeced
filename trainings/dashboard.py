"""The trainings panel of the organisme dashboard: the next webinars, registered or not, with the
buttons to register right there (the program's entry door is one click from the dashboard).

Written from Python: its `date` filters, `url`, `csrf_token` and `blocktranslate` tags cost more
than reading the webinars. The HTML is what trainings/_dashboard_panel.html wrote
(tests/trainings/dashboard_panel_reference.html, compared in tests/trainings/test_dashboard_panel_rows.py);
translations are written as `{% translate %}` writes them (not escaped: they are ours)."""

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dataide.compiled import CompiledQuery
from dataide.csrf import csrf_token
from dataide.formatting import csrf_input, datetime_formatter, escape
from dataide.languages import Language
from dataide.reversing import pk_url, view_url
from dataide.staff_home import shared
from organismes.dashboard import register_panel

from .gates import NEXT_WEBINARS_SHOWN
from .selectors import webinars_for_organisme

UPCOMING_SHOWN = 3


# The same SQL on every dashboard (seats counted, the registration as a subquery): compiled once.
_UPCOMING = CompiledQuery(
    lambda organisme_pk, now: webinars_for_organisme(organisme_pk, now)[:max(UPCOMING_SHOWN, NEXT_WEBINARS_SHOWN)]
)


def upcoming_for_dashboard(request, organisme) -> list:
    """The next webinars with the organisme's registration, read once per page: this panel and
    the webinar gate's next dates (applications' eligibility) share them."""
    return shared(request, f"upcoming-webinars:{organisme.pk}", lambda: _UPCOMING.run(
        organisme_pk=organisme.pk, now=timezone.now()
    ))


@register_panel(order=20)
def trainings_panel(request, organisme, membership):
    return "trainings", {
        "html": webinars_panel_html(request, upcoming_for_dashboard(request, organisme)[:UPCOMING_SHOWN]),
    }


def webinars_panel_html(request, webinars) -> str:
    """`webinars` (webinars_for_organisme's rows) as the panel's list, each with its registration
    or the button to register."""
    title = _("Prochains webinaires")
    if webinars:
        starts_at = datetime_formatter("DATETIME_FORMAT")
        register = _Registration(request)
        # get_language_display, its labels translated once for the list.
        languages = {value: str(label) for value, label in Language.choices}
        items = "".join(
            '<li class="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2">'
            f"<span><strong>{escape(starts_at(timezone.localtime(webinar.starts_at)))}</strong> — {escape(webinar.title)} "
            f"({escape(languages.get(webinar.language, webinar.language))})</span>{register(webinar)}</li>"
            for webinar in webinars
        )
        listed = f'<ul class="list-group mb-2">{items}</ul>'
    else:
        listed = "<p>{}</p>".format(_("Aucun webinaire n'est prévu pour le moment ; revenez bientôt."))
    every = _("Tous les webinaires et formations")
    return mark_safe(  # every value escaped
        f'<section aria-labelledby="panneau-webinaires" class="mb-4"><h2 id="panneau-webinaires" class="h4">{title}</h2>'
        f'{listed}<a href="{view_url("trainings:webinars")}">{every}</a></section>'
    )


class _Registration:
    """A webinar's registration, or the button to register: the words and the form's parts read
    once for the list."""

    def __init__(self, request):
        self.url = pk_url("trainings:register")
        self.csrf_field = csrf_input(csrf_token(request))
        self.registered = '<span class="badge text-bg-success">{}</span>'.format(_("Inscrit"))
        self.full = '<span class="badge text-bg-warning">{}</span>'.format(_("Complet"))
        self.label = _('M\'inscrire<span class="visually-hidden"> au webinaire %(title)s</span>')

    def __call__(self, webinar) -> str:
        if webinar.registered:
            return self.registered
        if webinar.seats_taken < webinar.capacity:
            label = self.label % {"title": escape(webinar.title)}
            return (
                f'<form method="post" action="{self.url(webinar.pk)}">{self.csrf_field}'
                f'<button class="btn btn-sm btn-primary" type="submit">{label}</button></form>'
            )
        return self.full
