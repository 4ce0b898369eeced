"""The admin's navigation in the order of the program's flow instead of Django's alphabetical list
of apps: each group names its models ("app_label.ModelName"); the reference tables staff rarely
open are folded away. A model registered later and listed nowhere still shows, under its own
app after the groups (tests/workspace/test_navigation.py asks that every model be placed)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
