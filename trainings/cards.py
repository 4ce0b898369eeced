"""The calendar's cards, written from Python: a dozen cards of template tags (two pluralised
sentences, a date filter and up to two `url` tags each) were most of the page's time; a card
written here, with its links reversed and its texts translated once per page, costs a fraction of
that. It writes what the former template wrote (tests/trainings/calendar_reference.html, compared
by tests/trainings/test_calendar_cards.py)."""

from urllib.parse import quote

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dataide.csrf import csrf_token
from dataide.formatting import csrf_input, escape
from dataide.reversing import pk_url

from .models import WebinarSession
from .templatetags.webinars import when_writer


# Translations are written as `{% translate %}` writes them (not escaped: they are ours).
def calendar_cards(request, webinars, organisme) -> str:
    """The cards of `webinars` (annotated with `places_left`, and `registered` for an organisme)
    as the calendar shows them to `request`'s visitor: the same HTML the template wrote."""
    card = _card_writer(_actions(request, organisme))
    return mark_safe("".join(card(webinar) for webinar in webinars))  # every value escaped below


def _card_writer(actions):
    """`webinar → its card`, with what every card shares made once: the start's formats, the
    languages' names, the full badge, each count's sentence."""
    when = when_writer()
    languages = {value: escape(label) for value, label in WebinarSession._meta.get_field("language").flatchoices}
    full_label = _("Complet")  # outside the f-string: xgettext does not read inside one
    full = f'<span class="badge text-bg-warning">{full_label}</span>'
    minutes = _per_count(lambda count: ngettext("%(minutes)s minute", "%(minutes)s minutes", count) % {"minutes": count})
    places = _per_count(
        lambda count: ngettext("%(places)s place restante", "%(places)s places restantes", count) % {"places": count}
    )

    def card(webinar) -> str:
        description = (
            f'<p class="small text-body-secondary">{linebreaksbr(webinar.description, autoescape=True)}</p>'
            if webinar.description else ""
        )
        return (
            f'<li class="card mb-3" id="webinaire-{webinar.pk}"><div class="card-body">'
            f'<h2 class="h5 card-title">{escape(webinar.title)}</h2>'
            f'<p class="mb-1"><strong>{when(webinar.starts_at)}</strong> · '
            f'{languages.get(webinar.language) or escape(webinar.get_language_display())} · '
            f'{minutes(webinar.duration_minutes)}</p>'
            f'<p class="mb-2" data-testid="places-left">{places(webinar.places_left) if webinar.places_left > 0 else full}</p>'
            f'{description}{actions(webinar) if webinar.places_left > 0 else ""}'
            "</div></li>"
        )

    return card


def _per_count(sentence):
    """`sentence(count)`, translated once per count on the page."""
    made = {}

    def said(count):
        if count not in made:
            made[count] = sentence(count)
        return made[count]

    return said


def _actions(request, organisme):
    """`webinar → its buttons` for this visitor: the strings and links made once per page."""
    if organisme is not None:
        registered_label = _("Votre organisme est inscrit")
        registered = f'<span class="badge text-bg-success">{registered_label}</span>'
        register_url = pk_url("trainings:register")
        csrf = csrf_input(csrf_token(request))
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
