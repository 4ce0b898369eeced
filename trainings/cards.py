"""The calendar's cards, written from Python: a dozen cards of template tags (two pluralised
sentences, a date filter and up to two `url` tags each) were most of the page's time; a card
written here, with its links reversed once per page, costs a fraction of that."""

from urllib.parse import quote

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dataide.formatting import csrf_input
from dataide.reversing import pk_url

from .templatetags.webinars import webinar_when


# Translations are written as `{% translate %}` writes them (not escaped: they are ours).
def calendar_cards(request, webinars, organisme) -> str:
    """The cards of `webinars` (annotated with `places_left`, and `registered` for an organisme)
    as the calendar shows them to `request`'s visitor: the same HTML the template wrote."""
    actions = _actions(request, organisme)
    return mark_safe("".join(_card(webinar, actions) for webinar in webinars))  # every value escaped below


def _card(webinar, actions) -> str:
    minutes = ngettext("%(minutes)s minute", "%(minutes)s minutes", webinar.duration_minutes) % {
        "minutes": webinar.duration_minutes,
    }
    if webinar.places_left > 0:
        places = ngettext("%(places)s place restante", "%(places)s places restantes", webinar.places_left) % {
            "places": webinar.places_left,
        }
    else:
        full = _("Complet")
        places = f'<span class="badge text-bg-warning">{full}</span>'
    description = (
        f'<p class="small text-body-secondary">{linebreaksbr(webinar.description, autoescape=True)}</p>'
        if webinar.description else ""
    )
    return (
        f'<li class="card mb-3" id="webinaire-{webinar.pk}"><div class="card-body">'
        f'<h2 class="h5 card-title">{escape(webinar.title)}</h2>'
        f'<p class="mb-1"><strong>{webinar_when(webinar.starts_at)}</strong> · '
        f'{escape(webinar.get_language_display())} · {minutes}</p>'
        f'<p class="mb-2" data-testid="places-left">{places}</p>'
        f'{description}{actions(webinar) if webinar.places_left > 0 else ""}'
        "</div></li>"
    )


def _actions(request, organisme):
    """`webinar → its buttons` for this visitor: the strings and links made once per page."""
    if organisme is not None:
        registered_label = _("Votre organisme est inscrit")
        registered = f'<span class="badge text-bg-success">{registered_label}</span>'
        register_url = pk_url("trainings:register")
        csrf = csrf_input(get_token(request))
        label = _("Inscrire mon organisme")
        return lambda webinar: registered if webinar.registered else (
            f'<form method="post" action="{register_url(webinar.pk)}">{csrf}'
            f'<button class="btn btn-primary" type="submit">{label}'
            f'<span class="visually-hidden"> — {escape(webinar.title)}</span></button></form>'
        )
    confirm_url = pk_url("trainings:calendar_register")
    if request.user.is_authenticated:
        label = _("M'inscrire")
        return lambda webinar: (
            f'<a class="btn btn-primary" href="{confirm_url(webinar.pk)}">{label}'
            f'<span class="visually-hidden"> — {escape(webinar.title)}</span></a>'
        )
    signup, login = reverse("account_signup"), reverse("account_login")
    signup_label, login_label = _("Créer un compte pour m'inscrire"), _("J'ai déjà un compte")
    return lambda webinar: (
        f'<a class="btn btn-primary" href="{signup}?next={quote(confirm_url(webinar.pk), safe="/")}">{signup_label}'
        f'<span class="visually-hidden"> — {escape(webinar.title)}</span></a> '
        f'<a class="btn btn-outline-primary" href="{login}?next={quote(confirm_url(webinar.pk), safe="/")}">{login_label}'
        f'<span class="visually-hidden"> — {escape(webinar.title)}</span></a>'
    )
