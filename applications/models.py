import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dataide.files import UploadedDocument
from dataide.storage import private_storage
from organismes.models import Organisme
from programs.models import MONEY, GrantTier, Region

from .statuses import AWARDED_STATUSES, OPEN_STATUSES, ApplicationStatus

# Server-side limits of the form's text fields; the page shows them as live counters.
TITLE_MAX = 150
SHORT_TEXT_MAX = 1500
LONG_TEXT_MAX = 3000
PUBLIC_SUMMARY_MAX = 600


class ApplicationQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for application in objs:
            application.take_organisme_region()
        created = super().bulk_create(objs, *args, **kwargs)
        # No post_save for a bulk insert: the staff list's cached count is forgotten here instead.
        from .selectors import forget_list_counts  # selectors reads these models

        forget_list_counts()
        return created


def draft_name(tier, organisme) -> str:
    """How a draft (no number yet) is named: the list of applications, printed from value tuples,
    names its drafts this way too (applications.admin_rows)."""
    draft = _("brouillon")  # outside the f-string: xgettext does not read inside one
    return f"{tier} – {organisme} ({draft})"


class Application(models.Model):
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.PROTECT, related_name="applications"
    )
    # The organisme's region, copied so that the staff's lists, queues and regional scoping filter
    # and sort on this table's (region, tier, status) index instead of joining 30 000 organismes.
    # Filled at creation (save, bulk_create); an organisme's region change moves its applications
    # in the same transaction (organismes.services.follow_region_changes, registered in apps.py).
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="applications", db_index=False
    )
    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.PROTECT, related_name="applications")
    number = models.CharField(_("numéro"), max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(_("titre du projet"), max_length=150, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    amount_requested = models.DecimalField(_("montant demandé"), default=0, **MONEY)
    amount_awarded = models.DecimalField(_("montant accordé"), null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décision prise par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    decision_reason = models.TextField(_("motif communiqué à l'organisme"), blank=True)

    need = models.TextField(_("besoin"), max_length=LONG_TEXT_MAX, blank=True)
    project_summary = models.TextField(_("résumé du projet"), max_length=LONG_TEXT_MAX, blank=True)
    expected_results = models.TextField(_("résultats attendus"), max_length=SHORT_TEXT_MAX, blank=True)
    timeline = models.TextField(_("échéancier"), max_length=SHORT_TEXT_MAX, blank=True)
    data_governance = models.TextField(
        _("protection des données et gouvernance"), max_length=SHORT_TEXT_MAX, blank=True
    )
    sustainability = models.TextField(_("pérennité"), max_length=SHORT_TEXT_MAX, blank=True)
    network_scope = models.TextField(_("portée systémique ou de réseau"), max_length=SHORT_TEXT_MAX, blank=True)
    # The only typed text the public register shows (with the title): the applicant writes it
    # knowing it will be published if the grant is awarded.
    public_summary = models.TextField(_("résumé public"), max_length=PUBLIC_SUMMARY_MAX, blank=True)
    public_summary_en = models.TextField(_("résumé public en anglais"), max_length=PUBLIC_SUMMARY_MAX, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-created_at"]
        # Deciding (award, decline, waitlist) is the DATAide team's alone; regional staff screen.
        permissions = [
            ("decide_application", _("Peut décider de l'octroi des bourses")),
            ("review_decision", _("Peut traiter les demandes de révision d'une décision")),
        ]
        indexes = [
            # The admin list and the organisme's list read newest first (EXPLAIN: 171 ms → 1 ms at 50 000).
            models.Index(fields=["-created_at", "-id"], name="application_newest_first"),
            # Quota and envelope totals per tier read only this index (tier_usage, award checks).
            models.Index(fields=["tier", "status"], include=["amount_awarded"], name="application_tier_status"),
            # Regional staff's lists and queues, the admin's region filter (also the region FK's index);
            # newest first after the three, so a list filtered on them reads its 50 rows in order
            # instead of walking the newest of every region (EXPLAIN at 50 000: 2.0 → 0.1 ms).
            models.Index(fields=["region", "tier", "status", "-created_at", "-id"], name="application_region_tier_status"),
            # The staff home's queues counted per status, region and tier from this index alone
            # (to assign, waiting lists, the screening count: EXPLAIN 8 ms → 1–3 ms at 50 000).
            models.Index(fields=["status", "region", "tier"], include=["id"], name="application_status_region_tier"),
            # The screening queue's first rows read in order (a sort of 5 600 rows: 17 ms → 0.6 ms).
            models.Index(
                fields=["submitted_at", "id"], condition=Q(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING]),
                name="application_to_screen",  # selectors.SCREENING_QUEUE_STATUSES
            ),
            # The public register (register.selectors.published_applications): its list newest first
            # stops after 50 rows, its ETag's count and latest dates read only this index.
            models.Index(
                fields=["-decided_at", "-id"], include=["updated_at"], name="application_published",
                condition=Q(
                    status__in=AWARDED_STATUSES, number__isnull=False, amount_awarded__isnull=False,
                    decided_at__isnull=False,
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount_requested__gte=0), name="application_requested_not_negative"),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True)
                | (Q(amount_awarded__gt=0) & Q(amount_awarded__lte=models.F("amount_requested"))),
                name="application_awarded_within_requested",
            ),
            models.UniqueConstraint(
                fields=["organisme", "tier"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_one_open_per_tier",
            ),
            models.UniqueConstraint(
                fields=["organisme", "tier"],
                condition=Q(status__in=AWARDED_STATUSES),
                name="application_one_award_per_tier",
            ),
        ]

    def __str__(self):
        return self.number or draft_name(self.tier, self.organisme)

    def take_organisme_region(self):
        if self.region_id is None:
            self.region_id = self.organisme.region_id

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.take_organisme_region()
        super().save(*args, **kwargs)


class StatusChange(models.Model):
    """One step of an application's life, shown as its timeline (applicant and staff views)."""

    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("de"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("à"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the organisme reads in its history (and in the e-mail of the move, if any), apart
    # from what only staff read.
    message = models.TextField(_("message à l'organisme"), blank=True)
    internal_note = models.TextField(_("note interne (équipe seulement)"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("changement de statut")
        verbose_name_plural = _("changements de statut")
        ordering = ["created_at", "pk"]
        # The register's feeds date their last award-related move (register.opendata.feed_state):
        # PostgreSQL reads this index backwards and stops at the first such move.
        indexes = [models.Index(fields=["created_at"], name="statuschange_created_at")]

    def __str__(self):
        return f"{self.application}: {self.from_status or '∅'} → {self.to_status}"

    @property
    def applicant_label(self):
        return ApplicationStatus(self.to_status).applicant_label


class BudgetCategory(models.TextChoices):
    EQUIPMENT = "equipment", _("Équipement")
    SOFTWARE = "software", _("Licences de logiciels")
    SERVICES = "services", _("Services")
    TRAINING = "training", _("Formation")
    OTHER = "other", _("Autre")


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    category = models.CharField(_("catégorie"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("montant"), **MONEY)

    class Meta:
        verbose_name = _("ligne budgétaire")
        verbose_name_plural = _("lignes budgétaires")
        ordering = ["application", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive")]

    def __str__(self):
        return f"{self.get_category_display()} – {self.description}"


class PartnerOrganisme(models.Model):
    """A partner of an innovation project, which works at the scale of a network or a milieu."""

    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="partners"
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    name = models.CharField(_("nom de l'organisme partenaire"), max_length=200)
    role = models.CharField(_("rôle dans le projet"), max_length=300)

    class Meta:
        verbose_name = _("organisme partenaire")
        verbose_name_plural = _("organismes partenaires")
        ordering = ["application", "position", "pk"]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # A random name: the stored path reveals nothing and cannot be guessed or collide.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(UploadedDocument):
    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("fichier"), upload_to=attachment_path, storage=private_storage, max_length=200)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["application", "uploaded_at", "pk"]


class ApplicationNumberSequence(models.Model):
    """The last number given per tier and year. Submission locks the tier row before bumping it,
    so two submissions at the same moment never share a number."""

    tier = models.ForeignKey(GrantTier, verbose_name=_("volet"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("année"))
    last_number = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("séquence de numéros")
        verbose_name_plural = _("séquences de numéros")
        constraints = [models.UniqueConstraint(fields=["tier", "year"], name="application_sequence_unique")]

    def __str__(self):
        return f"{self.tier.number_prefix}-{self.year}: {self.last_number}"

class InfoRequest(models.Model):
    """« Complément d'information demandé »: during screening staff ask for specific information
    and reopen some steps of the form until a due date; the organisme edits only those steps and
    resubmits (applications.info_requests). Open until the resubmission answers it."""

    application = models.ForeignKey(
        Application, verbose_name=_("demande"), on_delete=models.CASCADE, related_name="info_requests"
    )
    message = models.TextField(_("information demandée"))
    steps = models.JSONField(_("étapes rouvertes"), default=list)
    """Slugs of the reopened steps (applications.steps)."""
    due_on = models.DateField(_("à fournir au plus tard le"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("soumis de nouveau le"), null=True, blank=True)
    last_reminder_days = models.PositiveSmallIntegerField(_("dernier rappel (jours avant l'échéance)"), null=True, blank=True)
    """Each reminder goes out once: the smallest « days before » already sent."""

    class Meta:
        verbose_name = _("complément d'information demandé")
        verbose_name_plural = _("compléments d'information demandés")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(answered_at__isnull=True), name="info_request_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.due_on:%Y-%m-%d}"


# The conversation about each application lives in its own module (applications.conversation).
from .conversation.models import ApplicationMessage  # noqa: E402,F401

# The requests for a review of a decision live in their own module (applications.decision_reviews).
from .decision_reviews.models import DecisionReview  # noqa: E402,F401
