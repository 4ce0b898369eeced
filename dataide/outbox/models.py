from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dataide.accounts.models import Language


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")


class OutboxMessageQuerySet(models.QuerySet):
    def about(self, obj):
        return self.filter(about_type=ContentType.objects.get_for_model(obj), about_id=obj.pk)

    def addressed_to(self, obj):
        return self.filter(addressee_type=ContentType.objects.get_for_model(obj), addressee_id=obj.pk)


class OutboxMessage(models.Model):
    """One e-mail, written in the transaction of the event that causes it, delivered after commit.

    `about` is the object the message concerns (an application, a registration…); `addressee` is
    who it is for as the program sees it (an organisme, a committee), so staff can read every
    message an organisme received. Either a template with a JSON context (rendered at delivery, in
    the recipient's language) or an already rendered subject and body (allauth's messages).
    """

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    recipient_email = models.EmailField(_("destinataire"))
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="messages",
    )
    language = models.CharField(_("langue"), max_length=5, choices=Language.choices, default=Language.FRENCH)
    template = models.CharField(_("modèle"), max_length=80)
    context = models.JSONField(_("contexte"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    subject = models.CharField(_("objet"), max_length=255, blank=True)
    body_text = models.TextField(_("texte"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)

    # No index of their own on the content types: the (type, id) indexes below lead with them.
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("à propos de (type)"),
        db_index=False,
    )
    about_id = models.PositiveBigIntegerField(_("à propos de (id)"), null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    addressee_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("adressé à (type)"),
        db_index=False,
    )
    addressee_id = models.PositiveBigIntegerField(_("adressé à (id)"), null=True, blank=True)
    addressee = GenericForeignKey("addressee_type", "addressee_id")

    # A reminder's key ("draft_idle:42") makes a second identical reminder impossible (the unique
    # constraint in Meta: `unique=True` would add a LIKE index no query uses to every insert).
    dedup_key = models.CharField(_("clé d'unicité"), max_length=120, null=True, blank=True)

    status = models.CharField(
        _("statut"), max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["-created_at", "-pk"]
        # Every message written pays for each index: the ones here are those queries use (the
        # status one without the LIKE twin `db_index=True` would add).
        indexes = [
            models.Index(fields=["status"], name="outbox_status"),
            models.Index(fields=["about_type", "about_id"]),
            models.Index(fields=["addressee_type", "addressee_id"]),
            models.Index(fields=["next_attempt_at"], condition=Q(status="pending"), name="outbox_pending_due"),
            # The staff home's failed messages, newest first: without it, a backward scan of every message.
            models.Index(fields=["-created_at", "-id"], condition=Q(status="failed"), name="outbox_failed_newest_first"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["dedup_key"], name="outbox_dedup_key_unique"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_date"
            )
        ]

    def __str__(self):
        return f"{self.subject or self.template} → {self.recipient_email}"
