from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dataide.storage import private_storage


class PrivacyNotice(models.Model):
    """One published version of the privacy page. A change publishes a new version, so a consent
    can name the text it was given under. P-39.1 s. 3.2 (verified): detailed information about
    the governance policies is « published in simple and clear language on the enterprise's
    website »; the confidentiality policy for collection by technological means is s. 8.2 as we
    recall it (section number not verified)."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text_fr = models.TextField(_("texte (français)"))
    text_en = models.TextField(_("texte (anglais)"))
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("publiée par"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("version de la politique de confidentialité")
        verbose_name_plural = _("versions de la politique de confidentialité")
        ordering = ["-version"]

    def __str__(self):
        return _("Version %(version)s") % {"version": self.version}


class PrivacyOfficer(models.Model):
    """The person in charge of the protection of personal information: the highest authority by
    default, delegable in writing; « le titre et les coordonnées » are published on the website
    (the CAI's wording; P-39.1 s. 3.1 names the person in charge). One row."""

    title = models.CharField(_("titre"), max_length=200)
    email = models.EmailField(_("courriel"))
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("responsable de la protection des renseignements personnels")
        verbose_name_plural = _("responsable de la protection des renseignements personnels")

    def __str__(self):
        return self.title


class ConsentPurpose(models.Model):
    """An optional purpose a person may consent to. Consent must be given for each specific
    purpose, in clear terms, separately from other information (P-39.1 s. 14); changing the text
    raises the version, and consents name the version they were given under."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    label_fr = models.CharField(_("libellé (français)"), max_length=200)
    label_en = models.CharField(_("libellé (anglais)"), max_length=200)
    text_fr = models.TextField(_("texte (français)"))
    text_en = models.TextField(_("texte (anglais)"))
    version = models.PositiveIntegerField(_("version"), default=1)
    active = models.BooleanField(_("proposée"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("finalité facultative")
        verbose_name_plural = _("finalités facultatives")
        ordering = ["position", "code"]

    def __str__(self):
        return self.label_fr

    def label(self, language: str) -> str:
        return self.label_en if language == "en" else self.label_fr

    def text(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_fr


class ConsentMethod(models.TextChoices):
    SIGNUP = "signup", _("À l'inscription")
    ACCOUNT = "account", _("Page « Mes consentements »")


class Consent(models.Model):
    """One choice, never edited: the person's current choice for a purpose is their latest row,
    and the rows before it are the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.ForeignKey(ConsentPurpose, verbose_name=_("finalité"), on_delete=models.PROTECT, related_name="+")
    purpose_version = models.PositiveIntegerField(_("version du texte"))
    given = models.BooleanField(_("consentement donné"))
    method = models.CharField(_("façon"), max_length=20, choices=ConsentMethod.choices)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="consent_latest")]


class ReaderKind(models.TextChoices):
    STAFF = "staff", _("Équipe DATAide")
    # Committee members appear by seat, never by name (the privacy page says so).
    DATAIDE_TEAM = "dataide_team", _("Comité : siège de l'équipe DATAide")
    REGIONAL_CENTRAIDE = "regional_centraide", _("Comité : siège du Centraide régional")
    IT_ORGANISATION = "it_organisation", _("Comité : siège de l'organisation spécialisée en TI")
    COMMUNITY_ORGANISATION = "community_organisation", _("Comité : siège de l'organisme communautaire")


class ReadKind(models.TextChoices):
    APPLICATION = "application", _("Demande")
    ATTACHMENT = "attachment", _("Pièce jointe")
    SCORECARD = "scorecard", _("Évaluations du comité")


class ReadLogEntry(models.Model):
    """Who opened an organisme's file. Separate from the audit trail (which records changes): one
    narrow insert per read, no JSON, so logging every read stays cheap."""

    read_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    organisme_id = models.BigIntegerField(_("organisme"))
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lecteur"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reader_kind = models.CharField(_("qui"), max_length=30, choices=ReaderKind.choices)
    kind = models.CharField(_("quoi"), max_length=20, choices=ReadKind.choices)
    object_id = models.BigIntegerField(_("numéro interne"))
    label = models.CharField(_("document"), max_length=200)

    class Meta:
        verbose_name = _("consultation d'un dossier")
        verbose_name_plural = _("journal des consultations")
        ordering = ["-read_at", "-pk"]
        # « Qui a consulté le dossier » reads an organisme's latest reads, newest first, and the
        # held page counts them: one index serves both (it also replaces organisme_id's own).
        indexes = [models.Index(fields=["organisme_id", "-read_at", "-id"], name="privacy_read_org_recent")]


# Regulation respecting confidentiality incidents (CQLR c., r. 3.1): s. 7 (verified) lists
# the register's eight items for « section 3.8 of the Act respecting the protection of personal
# information in the private sector ». The five-year minimum counted from when the enterprise
# became aware of the incident is how two secondary sources state the Regulation (« a minimum period
# of five years after the date or period during which the organization became aware »); its own
# sentence was not in the stored texts (README « Citations »).
INCIDENT_KEEP_YEARS = 5


class ConfidentialityIncident(models.Model):
    """The register of confidentiality incidents P-39.1 s. 3.8 requires, with the content the
    Regulation's s. 7 lists (one field per item, in its order). Staff of the DATAide team only."""

    information_concerned = models.TextField(
        _("renseignements personnels visés"),
        help_text=_("Ou, s'ils ne sont pas connus, la raison pour laquelle on ne peut les décrire."),
    )
    circumstances = models.TextField(_("brève description des circonstances"))
    occurred_from = models.DateField(_("survenu le (ou à partir du)"))
    occurred_until = models.DateField(_("jusqu'au (si c'est une période)"), null=True, blank=True)
    occurred_approximate = models.BooleanField(_("date ou période approximative"), default=False)
    aware_on = models.DateField(_("date où nous en avons pris connaissance"))
    persons_count = models.PositiveIntegerField(_("nombre de personnes concernées"))
    persons_count_approximate = models.BooleanField(_("nombre approximatif"), default=False)
    risk_assessment = models.TextField(
        _("évaluation du risque de préjudice sérieux"),
        help_text=_("Sensibilité des renseignements, utilisations malveillantes possibles, conséquences appréhendées, "
                    "probabilité d'une utilisation préjudiciable."),
    )
    serious_risk = models.BooleanField(_("risque de préjudice sérieux"), default=False)
    commission_notified_on = models.DateField(
        _("avis à la Commission d'accès à l'information transmis le"), null=True, blank=True
    )
    persons_notified_on = models.DateField(_("avis aux personnes concernées transmis le"), null=True, blank=True)
    public_notice = models.TextField(_("avis public donné et pourquoi"), blank=True)
    measures = models.TextField(_("mesures prises pour diminuer les risques de préjudice"))
    recorded_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inscrit par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("incident de confidentialité")
        verbose_name_plural = _("registre des incidents de confidentialité")
        ordering = ["-aware_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(occurred_until__isnull=True) | models.Q(occurred_until__gte=models.F("occurred_from")),
                name="incident_period_ordered",
            ),
        ]

    def __str__(self):
        return _("Incident du %(date)s") % {"date": self.occurred_from}

    @property
    def keep_until(self):
        aware = self.aware_on
        try:
            return aware.replace(year=aware.year + INCIDENT_KEEP_YEARS)
        except ValueError:  # 29 February
            return aware.replace(year=aware.year + INCIDENT_KEEP_YEARS, day=28)


class DataExport(models.Model):
    """A portability ZIP asked for by a person, about themself or the organisme they are
    responsible for (P-39.1 s. 27, 3rd para.). Built by a task, downloaded once from a link that
    expires; the file is deleted when downloaded."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En préparation")
        READY = "ready", _("Prêt")
        DOWNLOADED = "downloaded", _("Téléchargé")

    token = models.CharField(_("jeton"), max_length=64, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandé par"), on_delete=models.CASCADE, related_name="+"
    )
    organisme_id = models.BigIntegerField(_("organisme"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="privacy-exports/", blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    downloaded_at = models.DateTimeField(_("téléchargé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de données")
        verbose_name_plural = _("exports de données")
        ordering = ["-created_at"]


# P-39.1 s. 32: a request for access or correction is answered within 30 days of its receipt.
REQUEST_RESPONSE_DAYS = 30


class PrivacyRequest(models.Model):
    """A request staff must handle (access, correction, deletion of an organisme's data…), with its
    legal deadline in the staff queue."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Accès")
        CORRECTION = "correction", _("Rectification")
        DELETION = "deletion", _("Suppression")
        OTHER = "other", _("Autre")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    requester_email = models.EmailField(_("courriel de la personne"))
    organisme_name = models.CharField(_("organisme (s'il y a lieu)"), max_length=200, blank=True)
    details = models.TextField(_("demande"))
    received_on = models.DateField(_("reçue le"))
    due_on = models.DateField(_("réponse due le"), editable=False)
    answered_on = models.DateField(_("répondue le"), null=True, blank=True)
    answer = models.TextField(_("réponse donnée"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inscrite par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("demande d'accès, de rectification ou de suppression")
        verbose_name_plural = _("demandes d'accès, de rectification ou de suppression")
        ordering = ["answered_on", "due_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.requester_email}"
