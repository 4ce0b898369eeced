from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dataide.i18n import LocalizedFieldsMixin
from dataide.storage import private_storage

MONEY = {"max_digits": 12, "decimal_places": 2}


class Region(models.Model):
    """One of Québec's 17 administrative regions, with its official code (01–17)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région administrative")
        verbose_name_plural = _("régions administratives")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^(0[1-9]|1[0-7])$"), name="region_code_01_to_17"
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"


class CentraideOffice(models.Model):
    """A regional Centraide; it holds the regional seat of committees in the regions it covers."""

    name = models.CharField(_("nom"), max_length=150, unique=True)
    regions = models.ManyToManyField(Region, verbose_name=_("régions desservies"), related_name="offices")
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personnel"),
        related_name="centraide_offices",
        blank=True,
    )

    class Meta:
        verbose_name = _("Centraide régional")
        verbose_name_plural = _("Centraides régionaux")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Program(LocalizedFieldsMixin, models.Model):
    code = models.SlugField(_("code"), unique=True)
    name_fr = models.CharField(_("nom (français)"), max_length=150)
    name_en = models.CharField(_("nom (anglais)"), max_length=150, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    budget = models.DecimalField(_("budget total"), **MONEY)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    reach_target = models.PositiveIntegerField(_("cible d'organismes rejoints"))
    operator = models.CharField(_("organisme gestionnaire"), max_length=150)
    funder = models.CharField(_("bailleur de fonds"), max_length=200)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(condition=Q(budget__gt=0), name="program_budget_positive"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="program_ends_after_start"),
        ]

    def __str__(self):
        return self.localized("name")


class TierCode(models.TextChoices):
    AMORCAGE = "amorcage", _("Amorçage")
    ACCELERATION = "acceleration", _("Accélération")
    INNOVATION = "innovation", _("Innovation")


class Gate(models.TextChoices):
    """What an organisme must have done before it may apply to a tier."""

    WEBINAR = "webinar", _("Avoir assisté à un webinaire de sensibilisation")
    NORD_OUVERT_TRAINING = "nord_ouvert", _("Avoir terminé la formation avancée de Nord Ouvert")
    LEADERSHIP_LAB = "leadership_lab", _("Une personne de l'organisme a terminé le laboratoire de leadership")


class GrantTierQuerySet(models.QuerySet):
    def with_current_criteria(self):
        return self.prefetch_related(
            models.Prefetch(
                "criteria_sets",
                queryset=CriteriaSet.objects.published().prefetch_related("criteria__levels"),
                to_attr="published_criteria_sets",
            )
        )


class GrantTier(LocalizedFieldsMixin, models.Model):
    # What __str__ reads (its name in either language): a list printing rows from values reads
    # these only (applications.admin_rows; tests/staff/test_application_rows.py checks them).
    text_fields = ("name_fr", "name_en")
    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="tiers")
    code = models.CharField(_("code"), max_length=20, choices=TierCode.choices)
    number_prefix = models.CharField(
        _("préfixe des numéros de demande"), max_length=5, help_text=_("Par exemple AMO pour AMO-2026-0042.")
    )
    name_fr = models.CharField(_("nom (français)"), max_length=100)
    name_en = models.CharField(_("nom (anglais)"), max_length=100, blank=True)
    description_fr = models.TextField(_("description (français)"), blank=True)
    description_en = models.TextField(_("description (anglais)"), blank=True)
    max_amount = models.DecimalField(_("montant maximal par bourse"), **MONEY)
    quota = models.PositiveIntegerField(_("nombre de bourses"))
    budget_envelope = models.DecimalField(_("enveloppe budgétaire"), **MONEY)
    gate = models.CharField(_("condition d'accès"), max_length=20, choices=Gate.choices)
    window_opens_on = models.DateField(_("ouverture des demandes"))
    window_closes_on = models.DateField(_("fermeture des demandes"))
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = GrantTierQuerySet.as_manager()

    class Meta:
        verbose_name = _("volet de bourse")
        verbose_name_plural = _("volets de bourse")
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="tier_code_unique_per_program"),
            models.UniqueConstraint(fields=["number_prefix"], name="tier_number_prefix_unique"),
            models.CheckConstraint(condition=Q(quota__gte=0), name="tier_quota_not_negative"),
            models.CheckConstraint(condition=Q(max_amount__gt=0), name="tier_max_amount_positive"),
            models.CheckConstraint(condition=Q(budget_envelope__gte=0), name="tier_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(window_closes_on__gte=models.F("window_opens_on")), name="tier_window_in_order"
            ),
        ]

    def __str__(self):
        return self.localized("name")

    def is_window_open(self, on_date) -> bool:
        return self.window_opens_on <= on_date <= self.window_closes_on

    @property
    def current_criteria_set(self):
        """The latest published criteria version: it prints the guide and builds the scorecard."""
        if hasattr(self, "published_criteria_sets"):
            return self.published_criteria_sets[0] if self.published_criteria_sets else None
        return self.criteria_sets.published().first()


class YearShare(models.Model):
    """The part of a tier's quota and envelope one program year may award (e.g. 140 / 140 / 130
    of the 410 amorçage grants), so the first year cannot consume them all. A year without a
    share is bounded by the whole quota only. Changed through programs.services.save_year_share,
    which keeps the shares within the tier and above what the year has already awarded."""

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.CASCADE, related_name="year_shares")
    year = models.PositiveSmallIntegerField(_("année du programme"), help_text=_("1 pour la première année (1er avril)."))
    places = models.PositiveIntegerField(_("nombre de bourses"))
    envelope = models.DecimalField(_("enveloppe"), **MONEY)

    class Meta:
        verbose_name = _("part annuelle")
        verbose_name_plural = _("parts annuelles")
        ordering = ["tier", "year"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "year"], name="year_share_unique_per_tier"),
            models.CheckConstraint(condition=Q(year__gte=1), name="year_share_year_positive"),
            models.CheckConstraint(condition=Q(envelope__gte=0), name="year_share_envelope_not_negative"),
        ]

    def __str__(self):
        return _("%(tier)s, année %(year)s") % {"tier": self.tier, "year": self.year}


class CriteriaSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False).order_by("-version")


def refuse_if_published(published_sets) -> None:
    """A published criteria set is frozen: scorecards and guides were made from it as it is.

    `published_sets` is a queryset of the sets a write touches; raise when one is published.
    The admin shows published sets read-only and the services refuse first; this is the last
    guard, for any other code path (a shell, a script)."""
    if published_sets.filter(published_at__isnull=False).exists():
        raise ValidationError(
            _("Cette grille est publiée : elle ne change plus. Créez une nouvelle version pour la modifier."),
            code="criteria_frozen",
        )


class CriteriaSet(models.Model):
    """A version of a tier's selection criteria.

    Scorecards point at the version they were scored with; editing the criteria means publishing a
    new version (programs.services.create_criteria_draft, then publish_criteria_set), so past
    scores and past guides keep their meaning. Once published, a set and its criteria and levels
    are frozen (`refuse_if_published`).
    """

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.PROTECT, related_name="criteria_sets")
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    notes = models.TextField(_("notes de version"), blank=True)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("grille de critères")
        verbose_name_plural = _("grilles de critères")
        ordering = ["tier", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["tier", "version"], name="criteria_set_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="criteria_set_version_positive"),
        ]

    def __str__(self):
        return f"{self.tier} v{self.version}"

    @property
    def total_weight(self) -> Decimal:
        return sum((c.weight for c in self.criteria.all()), Decimal(0))

    def save(self, *args, **kwargs):
        if self.pk:
            refuse_if_published(CriteriaSet.objects.filter(pk=self.pk))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_published(CriteriaSet.objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)


SCORE_LEVELS = range(0, 6)


class FrozenWhenPublished:
    """A row of a criteria set that can't change once the set is published: `_sets_touched()`
    names the sets a save or delete would change (the new one and the stored one)."""

    def save(self, *args, **kwargs):
        refuse_if_published(self._sets_touched())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        refuse_if_published(self._sets_touched())
        return super().delete(*args, **kwargs)


class Criterion(FrozenWhenPublished, LocalizedFieldsMixin, models.Model):
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200, blank=True)
    description_fr = models.TextField(_("description (français)"))
    description_en = models.TextField(_("description (anglais)"), blank=True)
    weight = models.DecimalField(
        _("pondération (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = _("critère de sélection")
        verbose_name_plural = _("critères de sélection")
        ordering = ["criteria_set", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")]

    def __str__(self):
        return self.localized("label")

    def _sets_touched(self):
        stored = Q(criteria__pk=self.pk) if self.pk else Q(pk__in=[])
        return CriteriaSet.objects.filter(Q(pk=self.criteria_set_id) | stored)


class CriterionLevel(FrozenWhenPublished, LocalizedFieldsMixin, models.Model):
    """What a score from 0 to 5 means for one criterion: the guide prints it, scorers read it."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("note"), validators=[MaxValueValidator(5)])
    descriptor_fr = models.CharField(_("descripteur (français)"), max_length=300)
    descriptor_en = models.CharField(_("descripteur (anglais)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("niveau de l'échelle")
        verbose_name_plural = _("niveaux de l'échelle")
        ordering = ["criterion", "score"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "score"], name="criterion_level_unique"),
            models.CheckConstraint(condition=Q(score__lte=5), name="criterion_level_0_to_5"),
        ]

    def __str__(self):
        return f"{self.score} – {self.localized('descriptor')}"

    def _sets_touched(self):
        stored = Q(criteria__levels__pk=self.pk) if self.pk else Q(pk__in=[])
        return CriteriaSet.objects.filter(Q(criteria__pk=self.criterion_id) | stored)


class SelectionGuide(models.Model):
    """The PDF guide of one criteria version in one language, built by a Celery task and kept, so
    downloads serve a stored file. Changing the criteria deletes it and queues a rebuild."""

    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="guides"
    )
    language = models.CharField(_("langue"), max_length=5, choices=settings.LANGUAGES)
    pdf = models.FileField(_("PDF"), upload_to="guides/", storage=private_storage)
    built_at = models.DateTimeField(_("produit le"), auto_now=True)

    class Meta:
        verbose_name = _("guide de sélection")
        verbose_name_plural = _("guides de sélection")
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "language"], name="selection_guide_unique")
        ]

    def __str__(self):
        return f"{self.criteria_set} ({self.language})"
