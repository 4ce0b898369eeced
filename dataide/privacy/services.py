"""State changes of the privacy records: the notice and its person in charge, consents."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dataide.audit.configuration import save_configuration
from dataide.audit.events import AuditEventType
from dataide.audit.services import record_event
from dataide.broker import queue_task
from dataide.outbox.models import OutboxMessage
from dataide.outbox.services import queue_message

from . import portability, registry
from .models import (
    REQUEST_RESPONSE_DAYS,
    ConfidentialityIncident,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    DataExport,
    PrivacyNotice,
    PrivacyOfficer,
    PrivacyRequest,
)
from .tasks import build_data_export


def _require_perm(actor, permission: str, message: str) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_staff or not actor.has_perm(permission):
        raise PermissionDenied(message)


def publish_notice(*, actor, text_fr: str, text_en: str) -> PrivacyNotice:
    """Publish a new version of the privacy page; earlier versions stay, unchanged, for the
    consents given under them."""
    _require_perm(actor, "privacy.add_privacynotice", _("Seule l'équipe DATAide publie la politique de confidentialité."))
    text_fr, text_en = text_fr.strip(), text_en.strip()
    if not text_fr or not text_en:
        raise ValidationError(_("Le texte est requis en français et en anglais."), code="notice_text_required")
    with transaction.atomic():
        # The lock on the officer row (always present, see `officer`) serialises two publications.
        officer(lock=True)
        version = (PrivacyNotice.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        notice = PrivacyNotice.objects.create(version=version, text_fr=text_fr, text_en=text_en, published_by=actor)
        record_event(actor=actor, action=AuditEventType.PRIVACY_NOTICE_PUBLISHED, target=notice, version=version)
    return notice


def officer(*, lock: bool = False) -> PrivacyOfficer:
    """The one officer row, created with placeholders until staff fill it in."""
    queryset = PrivacyOfficer.objects.select_for_update() if lock else PrivacyOfficer.objects
    found = queryset.filter(pk=1).first()
    if found is None:
        found, _created = PrivacyOfficer.objects.get_or_create(
            pk=1, defaults={"title": "Responsable de la protection des renseignements personnels",
                            "email": "confidentialite@centraide-mtl.org"},
        )
    return found


def update_officer(*, actor, title: str, email: str, phone: str = "") -> PrivacyOfficer:
    """Change the title and contact of the person in charge shown on the privacy page. The CAI
    states the duty (« Le titre et les coordonnées du responsable [...] doivent être publiés sur
    le site Web »); P-39.1 s. 3.1 is the section naming the person in charge (verified through a
    law firm's bulletin, not the official text)."""
    _require_perm(actor, "privacy.change_privacyofficer", _("Seule l'équipe DATAide modifie le responsable."))
    values = {"title": " ".join(title.split()), "email": email.strip().lower(), "phone": phone.strip()}
    if not values["title"] or not values["email"]:
        raise ValidationError(_("Indiquez le titre et le courriel du responsable."), code="officer_required")
    with transaction.atomic():
        row = officer(lock=True)
        changes = {
            name: {"old": getattr(row, name), "new": value}
            for name, value in values.items() if getattr(row, name) != value
        }
        if changes:
            for name in changes:
                setattr(row, name, values[name])
            row.save(update_fields=[*changes, "updated_at"])
            record_event(actor=actor, action=AuditEventType.PRIVACY_OFFICER_CHANGED, target=row, changes=changes)
    return row


# The purpose's words: consents given before a change name the version they were given under.
PURPOSE_WORDING = ("label_fr", "label_en", "text_fr", "text_en")


def save_consent_purpose(*, actor, purpose: ConsentPurpose, fields=()) -> ConsentPurpose:
    """Offer a new optional purpose or change one. New words are a new version, counted from the
    locked row, so everyone who answered the old words is asked again."""
    _require_perm(
        actor, f"privacy.{'change' if purpose.pk else 'add'}_consentpurpose",
        _("Seule l'équipe DATAide rédige les finalités facultatives."),
    )

    def next_version(stored, purpose):
        if stored is None or all(getattr(stored, name) == getattr(purpose, name) for name in PURPOSE_WORDING):
            return []
        purpose.version = stored.version + 1
        return ["version"]

    return save_configuration(
        actor=actor, instance=purpose, fields=fields, action=AuditEventType.PRIVACY_PURPOSE_CHANGED, prepare=next_version,
    )


def _consent_event(latest: Consent | None, given: bool) -> str:
    if given:
        return AuditEventType.PRIVACY_CONSENT_GIVEN
    withdrawn = latest is not None and latest.given
    return AuditEventType.PRIVACY_CONSENT_WITHDRAWN if withdrawn else AuditEventType.PRIVACY_CONSENT_REFUSED


def set_consent(*, actor, person, purpose: ConsentPurpose, given: bool, method: str) -> Consent | None:
    """Give, refuse or withdraw consent to one purpose. Each choice is a new row (the history); a
    « non » is recorded like a « oui », so a person asked about a new purpose (or a new text of
    one) has answered once either is saved. Choosing what is already chosen under the same text
    version records nothing. A person decides for themself only: consent is personal (P-39.1 s. 14)."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != person.pk:
        raise PermissionDenied(_("Chaque personne donne ou retire son propre consentement."))
    if method not in ConsentMethod.values:
        raise ValidationError(_("Façon de consentir inconnue."), code="consent_method")
    with transaction.atomic():
        purpose = ConsentPurpose.objects.select_for_update().get(pk=purpose.pk)
        if given and not purpose.active:
            raise ValidationError(_("Cette finalité n'est plus proposée."), code="consent_purpose_inactive")
        latest = Consent.objects.filter(user=person, purpose=purpose).order_by("-created_at", "-pk").first()
        if latest is not None and latest.given == given and latest.purpose_version == purpose.version:
            return None
        consent = Consent.objects.create(
            user=person, purpose=purpose, purpose_version=purpose.version, given=given, method=method
        )
        record_event(
            actor=actor, action=_consent_event(latest, given), target=person,
            purpose=purpose.code, version=purpose.version, method=method,
        )
    return consent


INCIDENT_FIELDS = (
    "information_concerned", "circumstances", "occurred_from", "occurred_until", "occurred_approximate", "aware_on",
    "persons_count", "persons_count_approximate", "risk_assessment", "serious_risk", "commission_notified_on",
    "persons_notified_on", "public_notice", "measures",
)


def _check_incident(values: dict) -> None:
    until, start = values.get("occurred_until"), values.get("occurred_from")
    if until and start and until < start:
        raise ValidationError(
            {"occurred_until": _("La fin de la période suit son début.")}, code="incident_period"
        )
    if values.get("serious_risk") and not values.get("measures"):
        raise ValidationError({"measures": _("Décrivez les mesures prises.")}, code="incident_measures")


def _incident_perm(actor, action: str) -> None:
    _require_perm(
        actor, f"privacy.{action}_confidentialityincident",
        _("Seule l'équipe DATAide tient le registre des incidents de confidentialité."),
    )


def record_incident(*, actor, **values) -> ConfidentialityIncident:
    """Enter an incident in the register (P-39.1 s. 3.8)."""
    _incident_perm(actor, "add")
    values = {name: values[name] for name in INCIDENT_FIELDS if name in values}
    _check_incident(values)
    with transaction.atomic():
        incident = ConfidentialityIncident.objects.create(recorded_by=actor, **values)
        record_event(
            actor=actor, action=AuditEventType.PRIVACY_INCIDENT_RECORDED, target=incident, persons=incident.persons_count,
            serious_risk=incident.serious_risk,
        )
    return incident


def update_incident(*, actor, incident, **values) -> ConfidentialityIncident:
    """Complete or correct an entry (notices sent, measures taken); every change is audited."""
    _incident_perm(actor, "change")
    with transaction.atomic():
        incident = ConfidentialityIncident.objects.select_for_update().get(pk=incident.pk)
        current = {name: getattr(incident, name) for name in INCIDENT_FIELDS}
        wanted = {**current, **{name: values[name] for name in INCIDENT_FIELDS if name in values}}
        _check_incident(wanted)
        changes = {name: {"old": current[name], "new": wanted[name]} for name in INCIDENT_FIELDS
                   if current[name] != wanted[name]}
        if changes:
            for name in changes:
                setattr(incident, name, wanted[name])
            incident.save(update_fields=list(changes))
            record_event(actor=actor, action=AuditEventType.PRIVACY_INCIDENT_CHANGED, target=incident, changes=changes)
    return incident


def request_export(*, actor, organisme_id: int | None = None) -> DataExport:
    """A person asks for their data (and, when responsible, the organisme's); the ZIP is built by a
    task and the link e-mailed. Answering within 30 days is the law (P-39.1 s. 32); this takes minutes."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Connectez-vous pour télécharger vos données."))
    if organisme_id is not None and not registry.is_responsible(actor, organisme_id):
        raise PermissionDenied(_("Seule la personne responsable télécharge les données de l'organisme."))
    with transaction.atomic():
        export = DataExport.objects.create(
            token=secrets.token_urlsafe(32), requested_by=actor, organisme_id=organisme_id,
            expires_at=timezone.now() + timedelta(hours=settings.PRIVACY_EXPORT_LINK_HOURS),
        )
        record_event(actor=actor, action=AuditEventType.PRIVACY_EXPORT_REQUESTED, target=actor, organisme_id=organisme_id)
        transaction.on_commit(lambda: queue_task(build_data_export, export.pk))
    return export


def build_export(export_id: int) -> None:
    """Build the ZIP (run by the task) and e-mail its link. Idempotent: a built export is left as is."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("requested_by").get(pk=export_id)
        if export.status != DataExport.Status.PENDING:
            return
        person = export.requested_by
        organisme = registry.load_organisme(export.organisme_id) if export.organisme_id else None
        export.file.save(f"{export.token}.zip", ContentFile(portability.build_zip(person=person, organisme=organisme)), save=False)
        export.status = DataExport.Status.READY
        export.save(update_fields=["file", "status"])
        queue_message(
            template="privacy_export_ready", recipient_email=person.email, recipient_user=person,
            language=person.preferred_language,
            context={
                "download_url": settings.SITE_URL + reverse("privacy:export_download", args=[export.token]),
                "hours": settings.PRIVACY_EXPORT_LINK_HOURS,
            },
        )


def download_export(*, actor, token: str) -> bytes:
    """The ZIP, once: the file is deleted as it is handed over; an expired or used link says so."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(token=token).first()
        if export is None or not getattr(actor, "is_authenticated", False) or export.requested_by_id != actor.pk:
            raise PermissionDenied(_("Ce lien de téléchargement n'est pas le vôtre."))
        if export.status == DataExport.Status.DOWNLOADED:
            raise ValidationError(_("Ce lien a déjà servi : demandez un nouvel export."), code="export_used")
        if export.expires_at <= timezone.now():
            raise ValidationError(_("Ce lien a expiré : demandez un nouvel export."), code="export_expired")
        if export.status != DataExport.Status.READY:
            raise ValidationError(_("L'export est en préparation : le courriel suivra sous peu."), code="export_pending")
        with export.file.open("rb") as handle:
            content = handle.read()
        export.file.delete(save=False)
        export.status, export.downloaded_at = DataExport.Status.DOWNLOADED, timezone.now()
        export.save(update_fields=["file", "status", "downloaded_at"])
        record_event(actor=actor, action=AuditEventType.PRIVACY_EXPORT_DOWNLOADED, target=actor, organisme_id=export.organisme_id)
    return content


def close_account(*, actor, person) -> None:
    """A person closes their account: it can no longer sign in, and their name, address and the
    messages' copies sent to them are anonymised; each app removes what it holds about them
    (memberships…). The organismes' applications and awards, which are not personal, stay."""
    if not getattr(actor, "is_authenticated", False) or actor.pk != person.pk:
        raise PermissionDenied(_("Chaque personne ferme son propre compte."))
    if person.is_staff or person.is_superuser:
        raise ValidationError(
            _("Un compte de l'équipe se ferme dans l'administration, par un autre membre de l'équipe."),
            code="staff_account_closure",
        )
    with transaction.atomic():
        person = get_user_model().objects.select_for_update().get(pk=person.pk)
        for hook in registry.account_closure_hooks():
            hook(person)
        anonymous = f"compte-ferme-{person.pk}@anonyme.invalid"
        OutboxMessage.objects.filter(recipient_user=person).update(
            recipient_email=anonymous, subject="", body_text="", body_html="", context={}
        )
        EmailAddress.objects.filter(user=person).delete()
        person.email, person.full_name, person.is_active = anonymous, "", False
        person.set_unusable_password()
        person.save(update_fields=["email", "full_name", "is_active", "password"])
        record_event(actor=actor, action=AuditEventType.ACCOUNT_CLOSED, target=person)


def _request_perm(actor, action: str) -> None:
    _require_perm(
        actor, f"privacy.{action}_privacyrequest", _("Seule l'équipe DATAide traite les demandes sur la vie privée.")
    )


def check_request(*, kind, received_on) -> None:
    if kind not in PrivacyRequest.Kind.values:
        raise ValidationError({"kind": _("Type de demande inconnu.")}, code="request_kind")
    if received_on and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("La date de réception ne peut être dans le futur.")},
                              code="request_received_future")


def check_answer(answer: str) -> str:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Résumez la réponse donnée.")}, code="request_answer_required")
    return answer


def record_request(*, actor, kind: str, requester_email: str, details: str, received_on, organisme_name: str = ""):
    """Enter a request received (by e-mail, phone, mail); its 30-day deadline follows (P-39.1 s. 32)."""
    _request_perm(actor, "add")
    check_request(kind=kind, received_on=received_on)
    with transaction.atomic():
        request = PrivacyRequest.objects.create(
            kind=kind, requester_email=requester_email.strip().lower(), details=details.strip(),
            organisme_name=organisme_name.strip(), received_on=received_on,
            due_on=received_on + timedelta(days=REQUEST_RESPONSE_DAYS), recorded_by=actor,
        )
        record_event(actor=actor, action=AuditEventType.PRIVACY_REQUEST_RECORDED, target=request, kind=kind,
                     due_on=request.due_on.isoformat())
    return request


def answer_request(*, actor, request, answer: str, answered_on=None):
    _request_perm(actor, "change")
    answer = check_answer(answer)
    with transaction.atomic():
        request = PrivacyRequest.objects.select_for_update().get(pk=request.pk)
        request.answer, request.answered_on = answer, answered_on or timezone.localdate()
        request.save(update_fields=["answer", "answered_on"])
        record_event(actor=actor, action=AuditEventType.PRIVACY_REQUEST_ANSWERED, target=request,
                     late=request.answered_on > request.due_on)
    return request
