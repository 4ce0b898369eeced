"""What the core itself holds about a person: the account, consents and messages sent."""

from django.utils.translation import gettext_lazy as _

from .registry import ORGANISME, PERSON, Category, register, values


def register_core_categories():
    from dataide.outbox.models import OutboxMessage

    from .models import Consent, ReadLogEntry

    register(Category(
        key="accounts.profile", subject=PERSON, label=_("Votre compte"),
        purpose=_("Vous identifier et vous écrire au sujet du programme."),
        retention=_("Tant que le compte est ouvert ; anonymisé à sa fermeture."),
        export=lambda user: [{
            "email": user.email, "full_name": user.full_name, "preferred_language": user.preferred_language,
            "date_joined": user.date_joined, "last_login": user.last_login,
        }],
    ))
    register(Category(
        key="privacy.consents", subject=PERSON, label=_("Vos consentements"),
        purpose=_("Prouver ce à quoi vous avez consenti, et quand."),
        retention=_("Tant que le compte est ouvert."),
        export=lambda user: values(
            Consent.objects.filter(user=user).order_by("created_at"),
            "purpose__code", "purpose_version", "given", "method", "created_at",
        ),
        counted=lambda user_id: [Consent.objects.filter(user_id=user_id)],
    ))
    register(Category(
        key="outbox.messages", subject=PERSON, label=_("Courriels qui vous ont été envoyés"),
        purpose=_("Savoir ce qui vous a été écrit et le renvoyer au besoin."),
        retention=_("Deux ans après l'envoi."),
        export=lambda user: values(
            OutboxMessage.objects.filter(recipient_user=user).order_by("created_at"),
            "created_at", "recipient_email", "subject", "body_text", "status", "sent_at",
        ),
        counted=lambda user_id: [OutboxMessage.objects.filter(recipient_user_id=user_id)],
    ))
    register(Category(
        key="privacy.reads", subject=ORGANISME, label=_("Journal des consultations du dossier"),
        purpose=_("Vous montrer qui a consulté le dossier de l'organisme."),
        retention=_("Deux ans après la consultation."),
        export=lambda organisme: values(
            ReadLogEntry.objects.filter(organisme_id=organisme.pk).order_by("read_at"),
            "read_at", "reader_kind", "kind", "label",
        ),
        counted=lambda organisme_id: [ReadLogEntry.objects.filter(organisme_id=organisme_id)],
    ))
