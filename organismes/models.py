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


class Organisme(models.Model):
    """A community organisation of Québec, identified by its NEQ."""

    legal_name = models.CharField(_("nom légal"), max_length=200)
    neq = models.CharField(
        _("NEQ"), max_length=10, unique=True, validators=[validate_neq],
        help_text=_("Numéro d'entreprise du Québec, 10 chiffres."),
    )
    charity_number = models.CharField(
        _("numéro d'organisme de bienfaisance"), max_length=15, blank=True,
        validators=[validate_charity_number], help_text=_("Facultatif, par exemple 123456789RR0001."),
    )
    region = models.ForeignKey(Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="organismes")
    street_address = models.CharField(_("adresse"), max_length=200)
    city = models.CharField(_("ville"), max_length=100)
    postal_code = models.CharField(_("code postal"), max_length=7, validators=[validate_postal_code])
    staff_count = models.PositiveIntegerField(_("nombre d'employés"), default=0)
    volunteer_count = models.PositiveIntegerField(_("nombre de bénévoles"), default=0)
    mission = models.TextField(_("mission"), max_length=2000)
    preferred_language = models.CharField(
        _("langue de correspondance"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organismes", verbose_name=_("membres")
    )

    class Meta:
        verbose_name = _("organisme")
        verbose_name_plural = _("organismes")
        ordering = ["legal_name"]
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

    class Meta:
        verbose_name = _("membre d'un organisme")
        verbose_name_plural = _("membres d'un organisme")
        constraints = [models.UniqueConstraint(fields=["user", "organisme"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} – {self.organisme} ({self.get_role_display()})"
