"""The audit vocabulary: every event the portal records, the data it carries and how it reads.

One member per event (Zulip's `AuditLogEventType`). The value is the action string stored in
`AuditEvent.action`; services pass the member (`action=AuditEventType.APPLICATION_SUBMITTED`), and
`record_event` refuses an action that is not listed here, or data keys it does not declare.

Adding an event is ONE line in the class below, in the block of its app:

    NAME = "app.verb", "key1 key2? amount:money", _("Phrase au participe (%(key1)s)")

- the value, in the `app.verb` style;
- the data keys, separated by spaces: `key` is required, `key?` optional, `:money` formats the value
  as an amount, `:changes` as a list of « field : old → new » (configuration events) and `:choice`
  as the label of a stored choice value (the app registers its choices with `register_choices`);
- the head of the sentence staff read, in French (translated like any string). It may use the
  required keys as `%(key)s`; the admin adds who and when: « Soumise par Julie Lavoie le
  1er décembre 2026 à 14 h 02 ».

The core imports no domain app, so the domain's events are listed here as plain values. A new
application status also needs its line in `STATUS_EVENTS` (the event `move_to` writes).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DataKey:
    name: str
    required: bool
    kind: str  # "", "money", "changes" or "choice"

    @classmethod
    def parse(cls, spec: str) -> "DataKey":
        name, _sep, kind = spec.partition(":")
        return cls(name=name.rstrip("?"), required=not name.endswith("?"), kind=kind)


class AuditEventType(models.TextChoices):
    def __new__(cls, value: str, keys: str = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.keys = tuple(DataKey.parse(spec) for spec in keys.split())
        return member

    @property
    def sentence(self):
        """The head of the sentence (the choice's label)."""
        return self.label

    # --- the core ---------------------------------------------------------------------------
    OUTBOX_RESEND = "outbox.resend", "previous_error", _("Courriel renvoyé")
    ACCOUNT_NAME_CHANGED = "account.name_changed", "old new", _("Nom du compte modifié")
    ACCOUNT_CLOSED = "account.closed", "", _("Compte fermé par la personne ; ses renseignements personnels sont anonymisés")
    EXPORT_REQUESTED = "export.requested", "model filters rows token", _("Export de %(rows)s lignes demandé")

    # --- privacy (Law 25) --------------------------------------------------------------------
    PRIVACY_NOTICE_PUBLISHED = "privacy.notice_published", "version", _("Version %(version)s de la politique de confidentialité publiée")
    PRIVACY_OFFICER_CHANGED = "privacy.officer_changed", "changes:changes", _("Responsable de la protection des renseignements personnels modifié (%(changes)s)")
    PRIVACY_CONSENT_GIVEN = "privacy.consent_given", "purpose version method", _("Consentement donné (%(purpose)s)")
    PRIVACY_EXPORT_REQUESTED = "privacy.export_requested", "organisme_id", _("Export des données demandé (portabilité)")
    PRIVACY_EXPORT_DOWNLOADED = "privacy.export_downloaded", "organisme_id", _("Export des données téléchargé")
    PRIVACY_RETENTION_APPLIED = "privacy.retention_applied", "done at", _("Calendrier de conservation appliqué")
    PRIVACY_REQUEST_RECORDED = "privacy.request_recorded", "kind due_on", _("Demande sur la vie privée reçue (réponse due le %(due_on)s)")
    PRIVACY_REQUEST_ANSWERED = "privacy.request_answered", "late", _("Demande sur la vie privée répondue")
    PRIVACY_INCIDENT_RECORDED = "privacy.incident_recorded", "persons serious_risk", _("Incident de confidentialité inscrit au registre (%(persons)s personnes)")
    PRIVACY_INCIDENT_CHANGED = "privacy.incident_changed", "changes:changes", _("Incident de confidentialité modifié (%(changes)s)")
    PRIVACY_CONSENT_WITHDRAWN = "privacy.consent_withdrawn", "purpose version method", _("Consentement retiré (%(purpose)s)")
    PRIVACY_CONSENT_REFUSED = "privacy.consent_refused", "purpose version method", _("Consentement refusé (%(purpose)s)")
    PRIVACY_PURPOSE_CHANGED = "privacy.purpose_changed", "changes:changes", _("Finalité facultative modifiée (%(changes)s)")

    # --- portal -----------------------------------------------------------------------------
    HELP_PAGE_SAVED = "help_page.saved", "slug fields created", _("Page d'aide « %(slug)s » enregistrée")

    # --- programs ---------------------------------------------------------------------------
    PROGRAM_CHANGED = "program.changed", "changes:changes", _("Programme modifié (%(changes)s)")
    TIER_CHANGED = "tier.changed", "changes:changes", _("Volet modifié (%(changes)s)")
    YEAR_SHARE_CHANGED = "year_share.changed", "changes:changes", _("Part annuelle du volet modifiée (%(changes)s)")
    YEAR_SHARE_DELETED = "year_share.deleted", "year places envelope:money", _("Part annuelle de l'année %(year)s supprimée")
    CENTRAIDE_OFFICE_CHANGED = "centraide_office.changed", "changes:changes", _("Centraide régional modifié (%(changes)s)")
    CRITERIA_DRAFT_CREATED = "criteria.draft_created", "version copied_from?", _("Version %(version)s de la grille créée (brouillon)")
    CRITERIA_CHANGED = "criteria.changed", "version", _("Brouillon de la version %(version)s de la grille modifié")
    CRITERIA_PUBLISHED = "criteria.published", "version previous?", _("Version %(version)s de la grille publiée")

    # --- organismes -------------------------------------------------------------------------
    ORGANISME_CREATE = "organisme.create", "neq", _("Organisme inscrit (NEQ %(neq)s)")
    ORGANISME_JOIN_REQUEST = "organisme.join_request", "join_request", _("Demande pour rejoindre l'organisme reçue")
    ORGANISME_JOIN_REQUEST_APPROVED = "organisme.join_request_approved", "user", _("Demande pour rejoindre l'organisme acceptée")
    ORGANISME_JOIN_REQUEST_REFUSED = "organisme.join_request_refused", "user", _("Demande pour rejoindre l'organisme refusée")
    ORGANISME_INVITE = "organisme.invite", "email role", _("Invitation envoyée à %(email)s")
    ORGANISME_INVITATION_ACCEPTED = "organisme.invitation_accepted", "email", _("Invitation de %(email)s acceptée")
    ORGANISME_INVITATION_CANCELLED = "organisme.invitation_cancelled", "email", _("Invitation de %(email)s annulée")
    ORGANISME_REMOVE_MEMBER = "organisme.remove_member", "user", _("Membre retiré de l'organisme")
    ORGANISME_PROFILE_CHANGED = "organisme.profile_changed", "changes:changes", _("Profil de l'organisme modifié (%(changes)s)")

    # --- trainings --------------------------------------------------------------------------
    TRAININGS_WEBINAR_REGISTER = "trainings.webinar_register", "", _("Inscription au webinaire")
    TRAININGS_WEBINAR_UNREGISTER = "trainings.webinar_unregister", "", _("Désinscription du webinaire")
    TRAININGS_WEBINAR_REMINDER = "trainings.webinar_reminder", "", _("Rappel du webinaire envoyé")
    TRAININGS_WEBINAR_ATTENDANCE = "trainings.webinar_attendance", "source", _("Présence au webinaire enregistrée")
    TRAININGS_WEBINAR_IMPORT = "trainings.webinar_import", "recorded already_recorded too_short skipped", _("Présences au webinaire importées (%(recorded)s nouvelles)")
    TRAININGS_WEBINAR_FEEDBACK = "trainings.webinar_feedback", "anonymous", _("Avis sur le webinaire envoyé")
    TRAININGS_NORD_OUVERT_CANDIDACY = "trainings.nord_ouvert_candidacy", "", _("Candidature à la formation Nord Ouvert envoyée")
    TRAININGS_COHORT_SELECT = "trainings.cohort_select", "", _("Organisme retenu dans une cohorte")
    TRAININGS_SESSION_ATTENDANCE = "trainings.session_attendance", "added removed", _("Présences à la séance enregistrées")
    TRAININGS_COHORT_COMPLETE = "trainings.cohort_complete", "", _("Formation Nord Ouvert terminée")
    TRAININGS_LAB_ENROL = "trainings.lab_enrol", "", _("Inscription au laboratoire de leadership")
    TRAININGS_LAB_ATTENDANCE = "trainings.lab_attendance", "added removed", _("Présences au laboratoire enregistrées")
    TRAININGS_LIMITS_UPDATE = "trainings.limits_update", "changes:changes", _("Places en formation modifiées (%(changes)s)")
    TRAININGS_LAB_COMPLETE = "trainings.lab_complete", "organisme_id", _("Laboratoire de leadership terminé")

    # --- applications -----------------------------------------------------------------------
    APPLICATION_DRAFT_CREATED = "application.draft_created", "tier?", _("Brouillon créé")
    APPLICATION_DRAFT_SAVED = "application.draft_saved", "fields", _("Brouillon enregistré")
    APPLICATION_ATTACHMENT_ADDED = "application.attachment_added", "attachment content_type size", _("Document ajouté")
    APPLICATION_ATTACHMENT_REMOVED = "application.attachment_removed", "name", _("Document « %(name)s » retiré")
    APPLICATION_DOCUMENTS_DOWNLOADED = "application.documents_downloaded", "count names", _("%(count)s documents téléchargés ensemble (ZIP)")
    APPLICATION_REMINDER_SENT = "application.reminder_sent", "message", _("Rappel envoyé à l'organisme")
    # The moves of an application's status (applications.transitions.move_to), see STATUS_EVENTS.
    # Their sentences use no data: the status history reads them too.
    APPLICATION_SUBMITTED = "application.submitted", "from_status number attestation?", _("Soumise")
    APPLICATION_SCREENING = "application.screening", "from_status attestation?", _("Mise en vérification")
    APPLICATION_ELIGIBLE = "application.eligible", "from_status", _("Jugée admissible")
    APPLICATION_INELIGIBLE = "application.ineligible", "from_status", _("Jugée non admissible")
    APPLICATION_IN_REVIEW = "application.in_review", "from_status committee? cancelled_amount?:money proposed_next?", _("Confiée à l'évaluation du comité")
    APPLICATION_AWARDED = "application.awarded", "from_status amount:money", _("Accordée")
    APPLICATION_DECLINED = "application.declined", "from_status", _("Refusée")
    APPLICATION_WAITLISTED = "application.waitlisted", "from_status", _("Mise sur la liste d'attente")
    APPLICATION_WITHDRAWN = "application.withdrawn", "from_status", _("Retirée")
    APPLICATION_AGREEMENT = "application.agreement", "from_status", _("Convention signée")
    APPLICATION_PAID = "application.paid", "from_status", _("Versée")
    APPLICATION_REPORT_RECEIVED = "application.report_received", "from_status", _("Rapport reçu")
    APPLICATION_CLOSED = "application.closed", "from_status", _("Dossier fermé")
    APPLICATION_INFO_REQUESTED = "application.info_requested", "from_status steps due_on", _("Complément d'information demandé")
    APPLICATION_INFO_REMINDER_SENT = "application.info_reminder_sent", "days_before", _("Rappel du complément d'information envoyé")

    DECISION_REVIEW_REQUESTED = "decision_review.requested", "review reason", _("Révision de la décision demandée par l'organisme")
    DECISION_REVIEW_RESOLVED = "decision_review.resolved", "review outcome:choice", _("Demande de révision traitée (%(outcome)s)")
    APPLICATION_MESSAGE_WRITTEN = "application.message_written", "message side file", _("Message écrit dans la conversation de la demande")

    # --- committees -------------------------------------------------------------------------
    COMMITTEE_CREATED = "committee.created", "old new", _("Comité créé")
    COMMITTEE_CHANGED = "committee.changed", "old new", _("Comité modifié")
    COMMITTEE_APPLICATIONS_ASSIGNED = "committee.applications_assigned", "applications", _("Demandes confiées au comité")
    COMMITTEE_CONFLICT_DECLARED = "committee.conflict_declared", "committee note reason?", _("Conflit d'intérêts déclaré")
    COMMITTEE_CONFLICT_RECORDED = "committee.conflict_recorded", "committee member reason", _("Conflit d'intérêts automatique enregistré")
    COMMITTEE_ALTERNATES_CHANGED = "committee.alternates_changed", "old new", _("Substituts du comité modifiés")
    COMMITTEE_ALTERNATE_CALLED = "committee.alternate_called", "committee member kind", _("Substitut appelé pour atteindre le quorum")
    COMMITTEE_QUORUM_AT_RISK = "committee.quorum_at_risk", "committee missing", _("Quorum non assuré : %(missing)s membre(s) manquant(s), aucun substitut disponible")
    COMMITTEE_CONFLICT_WITHDRAWN = "committee.conflict_withdrawn", "committee member reason", _("Conflit d'intérêts retiré (%(reason)s)")
    COMMITTEE_NO_CONFLICT_DECLARED = "committee.no_conflict_declared", "committee note", _("Absence de conflit d'intérêts déclarée")
    COMMITTEE_SCORECARD_STARTED = "committee.scorecard_started", "", _("Grille d'évaluation commencée")
    COMMITTEE_SCORECARD_SAVED = "committee.scorecard_saved", "application", _("Grille d'évaluation enregistrée")
    COMMITTEE_SCORECARD_SUBMITTED = "committee.scorecard_submitted", "application", _("Grille d'évaluation soumise")
    FEEDBACK_LETTER_REVIEWED = "feedback_letter.reviewed", "fields", _("Lettre de rétroaction revue par l'équipe")
    FEEDBACK_LETTER_SENT = "feedback_letter.sent", "language", _("Lettre de rétroaction envoyée à l'organisme")

    # --- register ---------------------------------------------------------------------------
    REGISTER_PUBLIC_SUMMARY_EDITED = "register.public_summary_edited", "changes:changes", _("Résumé public modifié par l'équipe (%(changes)s)")
    # --- impact (voluntary; the data says that something was shared, never what) -----------
    IMPACT_SHARED = "impact.shared", "share", _("Renseignement d'impact partagé volontairement")
    IMPACT_DELETED = "impact.deleted", "share", _("Renseignement d'impact retiré par l'organisme")
    # --- grants (after the award) -----------------------------------------------------------
    AGREEMENT_TEXT_PUBLISHED = "agreement_text.published", "tier version", _("Version %(version)s du texte de convention publiée")
    AGREEMENT_GENERATED = "agreement.generated", "application version amount:money", _("Convention générée (version %(version)s du texte)")
    AGREEMENT_SIGNED = "agreement.signed", "version sha256 signer_name signer_title method?", _("Convention signée par %(signer_name)s")
    AGREEMENT_COUNTERSIGNED = "agreement.countersigned", "version sha256", _("Convention contresignée par l'équipe")
    AGREEMENT_REMINDER_SENT = "agreement.reminder_sent", "", _("Rappel de signature de la convention envoyé")
    PAYMENT_RECORDED = "payment.recorded", "payment amount:money method reference batch?", _("Paiement de %(amount)s enregistré")
    PAYMENT_REVERSED = "payment.reversed", "payment amount:money reason", _("Paiement de %(amount)s annulé")
    PAYMENT_BATCH_CREATED = "payment_batch.created", "lines total:money", _("Lot de %(lines)s paiements créé")
    PAYMENT_BATCH_PAID = "payment_batch.paid", "lines", _("Lot de %(lines)s paiements marqué comme payé")
    FINAL_REPORT_SAVED = "final_report.saved", "fields", _("Bilan enregistré (brouillon)")
    FINAL_REPORT_SUBMITTED = "final_report.submitted", "", _("Bilan remis")
    FINAL_REPORT_ACCEPTED = "final_report.accepted", "", _("Bilan accepté")
    FINAL_REPORT_CHANGES_REQUESTED = "final_report.changes_requested", "message", _("Modifications du bilan demandées")
    FINAL_REPORT_ATTACHMENT_ADDED = "final_report.attachment_added", "attachment content_type size", _("Document ajouté au bilan")
    FINAL_REPORT_ATTACHMENT_REMOVED = "final_report.attachment_removed", "name", _("Document retiré du bilan (%(name)s)")
    AMENDMENT_REQUESTED = "amendment.requested", "total:money", _("Modification de la convention demandée")
    AMENDMENT_APPROVED = "amendment.approved", "version total:money", _("Modification approuvée (budget version %(version)s)")
    AMENDMENT_REFUSED = "amendment.refused", "reason", _("Modification refusée")
    FINAL_REPORT_REMINDER_SENT = "final_report.reminder_sent", "offset_days", _("Rappel du bilan envoyé")


T = AuditEventType

# The event each status of an application is reached by (move_to writes it; the status history
# reads its sentence). Keyed by the status value: the core does not import the domain's choices.
STATUS_EVENTS = {
    "draft": T.APPLICATION_DRAFT_CREATED,
    "submitted": T.APPLICATION_SUBMITTED,
    "screening": T.APPLICATION_SCREENING,
    "eligible": T.APPLICATION_ELIGIBLE,
    "ineligible": T.APPLICATION_INELIGIBLE,
    "in_review": T.APPLICATION_IN_REVIEW,
    "awarded": T.APPLICATION_AWARDED,
    "declined": T.APPLICATION_DECLINED,
    "waitlisted": T.APPLICATION_WAITLISTED,
    "withdrawn": T.APPLICATION_WITHDRAWN,
    "agreement": T.APPLICATION_AGREEMENT,
    "paid": T.APPLICATION_PAID,
    "report_received": T.APPLICATION_REPORT_RECEIVED,
    "closed": T.APPLICATION_CLOSED,
    "info_requested": T.APPLICATION_INFO_REQUESTED,
}


class UnknownAuditEvent(ValueError):
    """A programming error: the action or its data is not declared in this module."""


def check_event(action, data: dict) -> AuditEventType:
    """The member for `action`, once its data keys match the declaration; raise otherwise."""
    try:
        event_type = AuditEventType(action)
    except ValueError:
        raise UnknownAuditEvent(
            f"Unknown audit action {action!r}: declare it in dataide/audit/events.py (one line)."
        ) from None
    declared = {key.name for key in event_type.keys}
    unknown = set(data) - declared
    missing = {key.name for key in event_type.keys if key.required} - set(data)
    if unknown or missing:
        raise UnknownAuditEvent(
            f"Audit action {action!r} got data keys {sorted(data)}; dataide/audit/events.py declares "
            f"{sorted(declared)} (unknown: {sorted(unknown)}, missing: {sorted(missing)})."
        )
    return event_type


# The labels of `:choice` keys, by (event value, key): the core cannot import the domain's choices,
# so each app registers its own when its models load; the raw value stays what is stored.
CHOICE_LABELS: dict[tuple[str, str], type[models.Choices]] = {}


def register_choices(event_type: AuditEventType, key: str, choices: type[models.Choices]) -> None:
    CHOICE_LABELS[(event_type.value, key)] = choices
