from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from dataide.languages import Language

from .authz import person_fact
from .roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. The e-mail address is the login; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("courriel"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("langue préférée"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    @property
    def name_and_email(self) -> str:
        """« Julie Lavoie (julie@exemple.org) », or the address alone for someone not yet named."""
        return f"{self.full_name} ({self.email})" if self.full_name else self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, role: "Role") -> bool:
        # Read once per user object, with the person's other facts (authz.person_fact).
        return role.value in person_fact(self, "roles")

    @property
    def requires_mfa(self) -> bool:
        """Staff, committee members and trainers see other people's data: they must use MFA."""
        return self.is_staff or self.is_superuser or any(self.has_role(role) for role in Role)
