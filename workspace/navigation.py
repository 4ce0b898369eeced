"""The admin's navigation in the order of the program's flow instead of Django's alphabetical list
of apps: each group names its models ("app_label.ModelName"); the reference tables staff rarely
open are folded away. A model registered later and listed nowhere still shows, under its own
app after the groups (tests/workspace/test_navigation.py asks that every model be placed)."""

from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as gettext_django  # Django's own strings, from its catalogue
from django.utils.translation import gettext_lazy as _

from dataide.formatting import escape
from dataide.reversing import view_url

REFERENCE = "reference"

FLOW = [
    ("programme", _("Programme et volets"), ["programs.Program", "programs.GrantTier", "programs.YearShare", "programs.CriteriaSet", "trainings.TrainingLimits", "portal.HelpPage"]),
    ("formations", _("Sensibilisation et formations"), [
        "trainings.WebinarSession", "trainings.WebinarRegistration", "trainings.WebinarAttendance",
        "trainings.WebinarFeedback", "trainings.NordOuvertCandidacy", "trainings.Cohort", "trainings.CohortEnrolment",
        "trainings.LabCohort", "trainings.LabSession", "trainings.Leader", "trainings.LabEnrolment",
    ]),
    ("demandes", _("Demandes"), ["applications.Application", "applications.DecisionReview", "organismes.Organisme", "register.PublicSummary"]),
    ("comites", _("Comités"), ["committees.Committee", "committees.Assignment", "committees.Scorecard", "committees.ConflictDeclaration", "committees.AlternateCall"]),
    ("apres-octroi", _("Après l'octroi"), [
        "grants.Agreement", "grants.Amendment", "grants.Payment", "grants.PaymentBatch", "grants.FinalReport", "impact.Indicator",
    ]),
    ("messages", _("Messages et journal"), ["outbox.OutboxMessage", "audit.AuditEvent"]),
    ("vie-privee", _("Vie privée"), [
        "privacy.PrivacyRequest", "privacy.ConfidentialityIncident", "privacy.ReadLogEntry", "privacy.Consent",
        "privacy.PrivacyNotice", "privacy.PrivacyOfficer",
    ]),
    ("comptes", _("Comptes"), ["accounts.User", "auth.Group", "organismes.JoinRequest", "organismes.Invitation"]),
    (REFERENCE, _("Tables de référence"), [
        "programs.Region", "programs.CentraideOffice", "programs.Criterion", "grants.AgreementText",
        "grants.PaymentStep", "grants.ReportQuestion", "privacy.ConsentPurpose", "account.EmailAddress", "mfa.Authenticator",
    ]),
]


def _awards_entry(applications):
    """The list of awards (every status after the award), under « Après l'octroi »."""
    return {
        **applications, "name": _("Bourses accordées"), "object_name": "Awards", "add_url": None, "view_only": True,
        "admin_url": reverse("admin:applications_application_changelist") + "?etape=bourses",
    }


def page_entry(name: str, url_name: str) -> dict:
    """A page that is not a model's list (a report), shown in a group like a model."""
    return {"name": name, "object_name": url_name, "admin_url": reverse(url_name), "add_url": None, "view_only": True}


def grouped_app_list(app_list: list[dict], pages: dict[str, list[dict]] | None = None) -> list[dict]:
    """Django's app list (what the person may see) regrouped along FLOW, with the `pages` (group
    key → page entries) the person may open at the end of their group; empty groups left out."""
    models = {f"{app['app_label']}.{model['object_name']}": model for app in app_list for model in app["models"]}
    placed = set()
    groups = []
    for key, title, labels in FLOW:
        entries = [models[label] for label in labels if label in models]
        placed.update(labels)
        if key == "apres-octroi" and "applications.Application" in models:
            entries.append(_awards_entry(models["applications.Application"]))
        entries += (pages or {}).get(key, [])
        if entries:
            groups.append({
                "name": title, "app_label": key, "app_url": "", "has_module_perms": True, "models": entries,
                "folded": key == REFERENCE,
            })
    for app in app_list:
        rest = [model for model in app["models"] if f"{app['app_label']}.{model['object_name']}" not in placed]
        if rest:
            groups.append({**app, "models": rest})
    return groups


# Django's own words (its catalogue), through an alias makemessages does not collect: ours holds
# the French identity and would turn « Ajouter » back into « Add ».
_DJANGO_WORDS = {"add": "Add", "view": "View", "change": "Change", "model": "Model name", "add_link": "Add link",
                 "list_link": "Change or view list link", "nothing": "You don’t have permission to view or edit anything."}


_CURRENT = ' aria-current="page"'


class _Here(tuple):
    """A piece of the list that depends on the page: (address, printed when the page is within
    it, printed otherwise). The template's `url in request.path|urlencode`."""


def app_list_html(app_list: list[dict], path: str, show_changelinks: bool) -> str:
    """templates/admin/app_list.html printed from Python strings: every admin page shows the list
    (about 60 models), and its template's nodes cost a fifth of a page. tests/workspace/test_app_list.py
    checks it prints what that template printed. A person's list (KeptAppList) is printed in
    pieces once (_pieces_of); each page then only picks, for its address, the current model."""
    path = quote(path, safe="/")
    return mark_safe("".join([piece if piece.__class__ is str else piece[1] if piece[0] in path else piece[2]
                              for piece in _pieces_of(app_list, show_changelinks)]))


class KeptAppList(list):
    """An app list that is never changed once made, `key` naming it (the one kept per person,
    workspace.sites, made anew whenever what it shows may have changed): its pieces are printed
    once per process, language and kind of page. It keeps its key through the cache's pickle."""

    def __init__(self, groups, key: str):
        super().__init__(groups)
        self.key = key


# (list's key, change links shown, language) → pieces; emptied when full.
_KEPT: dict = {}
_KEPT_MAX = 256


def _pieces_of(app_list: list[dict], show_changelinks: bool) -> tuple:
    """The list's pieces: kept under a KeptAppList's key, printed each time for any other list."""
    key = getattr(app_list, "key", None)
    if key is None:
        return _pieces(app_list, show_changelinks)
    # The language keys Django's words, printed in the active one.
    kept_key = (key, show_changelinks, get_language())
    pieces = _KEPT.get(kept_key)
    if pieces is None:
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        pieces = _KEPT[kept_key] = _pieces(app_list, show_changelinks)
    return pieces


def _pieces(app_list: list[dict], show_changelinks: bool) -> tuple:
    words = {key: gettext_django(word) for key, word in _DJANGO_WORDS.items()}  # printed as {% translate %} prints them
    if not app_list:
        return (f"<p>{words['nothing']}</p>",)
    parts = []
    for app in app_list:
        label, name = escape(app["app_label"]), escape(app["name"])
        app_url = app.get("app_url")
        if app.get("folded"):
            parts.append(f'<details class="app-folded"><summary>{name}</summary>')
        title = f'<a href="{escape(app_url)}" class="section">{name}</a>' if app_url else f'<span class="section">{name}</span>'
        parts.append(_here(app_url or None, f'<div class="app-{label} module current-app">', f'<div class="app-{label} module">'))
        parts.append(
            f'<table><caption>{title}</caption>'
            f'<thead class="visually-hidden"><tr><th scope="col">{words["model"]}</th>'
            f'<th scope="col">{words["add_link"]}</th><th scope="col">{words["list_link"]}</th></tr></thead>'
        )
        for model in app["models"]:
            model_name = escape(str(model["object_name"]).lower())
            admin_url = model.get("admin_url")
            parts.append(_here(admin_url, f'<tr class="model-{model_name} current-model">', f'<tr class="model-{model_name}">'))
            parts.append(f'<th scope="row" id="{label}-{model_name}">')
            if admin_url:
                link = f'<a href="{escape(admin_url)}"'
                shown = f'>{escape(model["name"])}</a>'
                parts.append(_here(admin_url, f"{link}{_CURRENT}{shown}", f"{link}{shown}"))
            else:
                parts.append(escape(model["name"]))
            parts.append("</th>")
            described = f'aria-describedby="{label}-{model_name}"'
            add_url = model.get("add_url")
            parts.append(f'<td><a href="{escape(add_url)}" class="addlink" {described}>{words["add"]}</a></td>' if add_url else "<td></td>")
            if admin_url and show_changelinks:
                kind, word = ("viewlink", words["view"]) if model.get("view_only") else ("changelink", words["change"])
                parts.append(f'<td><a href="{escape(admin_url)}" class="{kind}" {described}>{word}</a></td>')
            elif show_changelinks:
                parts.append("<td></td>")
            parts.append("</tr>")
        parts.append("</table></div>")
        if app.get("folded"):
            parts.append("</details>")
    return tuple(parts)


def _here(url, here: str, elsewhere: str):
    """`here` on a page within `url`, else `elsewhere` (a page is never within a missing address)."""
    return _Here((url, here, elsewhere)) if isinstance(url, str) else elsewhere


def program_dashboard_module(user) -> str:
    """The index's « Programme » module, for staff who may see the applications: what its template
    wrote (`{% if perms.applications.view_application %}`, a link and two translations cost the
    staff home some 300 calls). tests/workspace/test_app_list.py compares the two."""
    if not user.has_perm("applications.view_application"):
        return ""
    title = escape(gettext("Programme"))
    link = escape(gettext("Tableau de bord du programme : cibles, quotas, régions, années, demandes en attente"))
    return mark_safe(
        f'<div class="module" id="tableau-de-bord"><h2>{title}</h2>'
        f'<p><a href="{escape(view_url("admin:program_dashboard"))}">{link}</a></p></div>'
    )
