from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dataide.accounts.models import Language
from programs.models import Region

from .validators import (
    normalize_charity_number,
    normalize_neq,
    normalize_postal_code,
    validate_charity_number,
    validate_neq,
    validate_postal_code,
)

DESCRIPTIVE_ONLY = _("Facultatif : sert seulement à décrire les organismes que le programme rejoint ; aucun critère ne l'utilise.")


class Organisme(models.Model):
    """A community organisation of Québec, identified by its NEQ."""

    legal_name = models.CharField(_("nom légal"), max_length=200)
    neq = models.CharField(
        _("NEQ"), max_length=10, unique=True, validators=[validate_neq],
        help_text=_("Numéro d'entreprise du Québec, 10 chiffres."),
    )
    charity_number = models.CharField(
        _("numéro d'organisme de bienfaisance"), max_length=15, blank=True,
        validators=[validate_charity_number],
        help_text=_("Facultatif, par exemple 123456789RR0001. S'il est donné, il paraît avec la bourse dans le "
                    "registre public et ses données ouvertes."),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="organismes",
        help_text=_("La région où l'organisme agit : elle choisit le comité qui lira vos demandes."),
    )
    street_address = models.CharField(
        _("adresse"), max_length=200,
        help_text=_("L'adresse de l'organisme (pas celle d'une personne) : elle figure sur la convention et la lettre d'octroi."),
    )
    city = models.CharField(_("ville"), max_length=100)
    postal_code = models.CharField(_("code postal"), max_length=7, validators=[validate_postal_code])
    # Optional: no rule, criterion or decision reads them; they only describe the organismes the
    # program reaches, in staff's exports (collect only what the process needs).
    staff_count = models.PositiveIntegerField(
        _("nombre d'employés"), null=True, blank=True,
        help_text=DESCRIPTIVE_ONLY,
    )
    volunteer_count = models.PositiveIntegerField(
        _("nombre de bénévoles"), null=True, blank=True,
        help_text=DESCRIPTIVE_ONLY,
    )
    mission = models.TextField(
        _("mission"), max_length=2000,
        help_text=_("Le comité la lit : un critère demande si le projet sert la mission de l'organisme."),
    )
    preferred_language = models.CharField(
        _("langue de correspondance"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # Moves the public register's Last-Modified/ETag when the legal name or region changes.
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organismes", verbose_name=_("membres")
    )

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["legal_name"]
        # The register's ETag reads the latest change of an organisme with a published award,
        # newest first (register.opendata.feed_state).
        indexes = [models.Index(fields=["-updated_at"], name="organisme_latest_change")]
        constraints = [
            models.CheckConstraint(condition=Q(neq__regex=r"^[0-9]{10}$"), name="organisme_neq_ten_digits"),
            models.CheckConstraint(
                condition=Q(charity_number="") | Q(charity_number__regex=r"^[0-9]{9}RR[0-9]{4}$"),
                name="organisme_charity_number_format",
            ),
        ]

    def __str__(self):
        return self.legal_name

    def clean_fields(self, exclude=None):
        # Store identifiers in one canonical form, whatever people typed, before length checks.
        self.neq = normalize_neq(self.neq)
        self.charity_number = normalize_charity_number(self.charity_number)
        self.postal_code = normalize_postal_code(self.postal_code)
        super().clean_fields(exclude=exclude)


class MembershipRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("Personne responsable")
    COLLABORATOR = "collaborator", _("Collaborateur ou collaboratrice")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.COLLABORATOR)
    created_at = models.DateTimeField(_("depuis"), auto_now_add=True)
    # The person's last choice of the organisme they act for (the switcher): a new session starts
    # there. Kept on the membership so that leaving an organisme takes the choice with it.
    last_chosen_at = models.DateTimeField(_("dernier choisi le"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre d'un organisme")
        verbose_name_plural = _("membres d'un organisme")
        constraints = [models.UniqueConstraint(fields=["user", "organisme"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.organisme} ({self.get_role_display()})"


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REFUSED = "refused", _("Refusée")


class JoinRequest(models.Model):
    """A person asks to join an organisme already registered (its NEQ is taken); the organisme's
    responsible person approves or refuses."""

    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="join_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décidée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("demande d'adhésion")
        verbose_name_plural = _("demandes d'adhésion")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme", "user"], condition=Q(status="pending"), name="join_request_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisme}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    CANCELLED = "cancelled", _("Annulée")


class Invitation(models.Model):
    """An e-mailed invitation to join an organisme's team; the link carries a secret token and only
    the invited address can accept it."""

    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("courriel"))
    role = models.CharField(_("rôle"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.COLLABORATOR)
    token = models.CharField(_("jeton"), max_length=64, unique=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invitée par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisme", "email"], condition=Q(status="pending"), name="invitation_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisme}"


class MessageRead(models.Model):
    """A person opened one of the messages of the message centre: unread marks are per person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="messages_read"
    )
    message = models.ForeignKey(
        "outbox.OutboxMessage", verbose_name=_("courriel"), on_delete=models.CASCADE, related_name="reads"
    )
    read_at = models.DateTimeField(_("lu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("courriel lu")
        verbose_name_plural = _("courriels lus")
        constraints = [models.UniqueConstraint(fields=["user", "message"], name="message_read_unique")]

    def __str__(self):
        return f"{self.user} – {self.message_id}"
