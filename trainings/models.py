from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dataide.accounts.models import Language
from organismes.models import Organisme
from programs.models import Program

PERCENT = [MinValueValidator(1), MaxValueValidator(100)]


class TrainingLimits(models.Model):
    """The program's training seats, kept as data so staff can read and adjust them.

    Every selection into a Nord Ouvert cohort or the leadership lab locks this one row, then counts:
    two staff selecting at the same moment wait for each other instead of exceeding the limit.
    """

    program = models.OneToOneField(
        Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="training_limits"
    )
    nord_ouvert_seats = models.PositiveIntegerField(_("places à la formation Nord Ouvert"), default=180)
    leadership_lab_places = models.PositiveIntegerField(_("places au laboratoire de leadership"), default=60)

    class Meta:
        verbose_name = _("places en formation")
        verbose_name_plural = _("places en formation")

    def __str__(self):
        return str(self.program)


class WebinarSession(models.Model):
    """An awareness webinar: attending one opens the amorçage gate."""

    title = models.CharField(_("titre"), max_length=200)
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=90)
    language = models.CharField(_("langue"), max_length=5, choices=Language.choices, default=Language.FRENCH)
    capacity = models.PositiveIntegerField(_("nombre de places"), default=100)
    join_url = models.URLField(_("lien de connexion"))
    description = models.TextField(_("description"), blank=True)
    minimum_presence_minutes = models.PositiveSmallIntegerField(
        _("présence minimale (minutes)"),
        default=45,
        help_text=_("Durée de connexion à partir de laquelle la présence compte."),
    )

    class Meta:
        verbose_name = _("webinaire")
        verbose_name_plural = _("webinaires")
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(capacity__gt=0), name="webinar_capacity_positive")]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def has_started(self) -> bool:
        """Attendance exists only from the start: before it, nothing can be recorded or imported."""
        return self.starts_at <= timezone.now()


class WebinarRegistration(models.Model):
    webinar = models.ForeignKey(
        WebinarSession, verbose_name=_("webinaire"), on_delete=models.CASCADE, related_name="registrations"
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="webinar_registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inscrit par"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription à un webinaire")
        verbose_name_plural = _("inscriptions aux webinaires")
        ordering = ["webinar", "organisme"]
        constraints = [
            models.UniqueConstraint(fields=["webinar", "organisme"], name="webinar_registration_unique")
        ]

    def __str__(self):
        return f"{self.organisme} – {self.webinar}"


class AttendanceSource(models.TextChoices):
    IMPORT = "import", _("Importée du fichier de la plateforme")
    MANUAL = "manual", _("Saisie par l'équipe")


class WebinarAttendance(models.Model):
    """An organisme attended a webinar long enough to count; only countable presences are stored."""

    webinar = models.ForeignKey(
        WebinarSession, verbose_name=_("webinaire"), on_delete=models.PROTECT, related_name="attendances"
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="webinar_attendances"
    )
    minutes = models.PositiveIntegerField(_("minutes de présence"), null=True, blank=True)
    attendee_name = models.CharField(_("participant"), max_length=200, blank=True)
    attendee_email = models.EmailField(_("courriel du participant"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=AttendanceSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enregistrée par"), on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    feedback_given = models.BooleanField(_("avis donné"), default=False)

    class Meta:
        verbose_name = _("présence à un webinaire")
        verbose_name_plural = _("présences aux webinaires")
        ordering = ["webinar", "organisme"]
        constraints = [models.UniqueConstraint(fields=["webinar", "organisme"], name="webinar_attendance_unique")]

    def __str__(self):
        return f"{self.organisme} – {self.webinar}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class WebinarFeedback(models.Model):
    """A participant's opinion of a webinar. `organisme` is empty when the answer is anonymous; the
    attendance row only remembers that feedback was given, so it cannot be asked twice."""

    webinar = models.ForeignKey(
        WebinarSession, verbose_name=_("webinaire"), on_delete=models.CASCADE, related_name="feedback"
    )
    organisme = models.ForeignKey(
        Organisme, verbose_name=_("organisme"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="webinar_feedback",
    )
    usefulness = models.PositiveSmallIntegerField(_("utilité pour votre organisme (1 à 5)"), validators=RATING)
    clarity = models.PositiveSmallIntegerField(_("clarté des explications (1 à 5)"), validators=RATING)
    most_useful = models.TextField(_("ce qui vous a été le plus utile"), blank=True, max_length=2000)
    suggestions = models.TextField(_("ce que nous devrions changer ou ajouter"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("avis sur un webinaire")
        verbose_name_plural = _("avis sur les webinaires")
        ordering = ["webinar", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(usefulness__gte=1, usefulness__lte=5), name="feedback_usefulness_1_5"),
            models.CheckConstraint(condition=Q(clarity__gte=1, clarity__lte=5), name="feedback_clarity_1_5"),
        ]

    def __str__(self):
        return f"{self.webinar} – {self.usefulness}/5"


class TrainingCohort(models.Model):
    """What a Nord Ouvert cohort and a leadership-lab cohort share: dates and a completion rule."""

    name = models.CharField(_("nom"), max_length=150)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    completion_percent = models.PositiveSmallIntegerField(
        _("présence requise pour terminer (%)"), default=80, validators=PERCENT,
        help_text=_("Part des séances de la cohorte où l'organisme doit avoir été présent."),
    )

    class Meta:
        abstract = True
        ordering = ["starts_on", "name"]

    def __str__(self):
        return self.name


class TrainingSession(models.Model):
    title = models.CharField(_("thème"), max_length=200)
    starts_at = models.DateTimeField(_("date et heure"))

    class Meta:
        abstract = True
        ordering = ["cohort", "starts_at"]

    def __str__(self):
        return f"{self.cohort} – {self.title}"


class Cohort(TrainingCohort):
    """A Nord Ouvert advanced-training cohort, run by its trainers."""

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="cohorts")
    capacity = models.PositiveIntegerField(_("nombre de places"), default=30)
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("formateurs"), related_name="trained_cohorts", blank=True
    )

    class Meta(TrainingCohort.Meta):
        verbose_name = _("cohorte Nord Ouvert")
        verbose_name_plural = _("cohortes Nord Ouvert")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_in_order"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(completion_percent__gte=1, completion_percent__lte=100), name="cohort_completion_percent"
            ),
        ]


class CohortSession(TrainingSession):
    cohort = models.ForeignKey(Cohort, verbose_name=_("cohorte"), on_delete=models.CASCADE, related_name="sessions")

    class Meta(TrainingSession.Meta):
        verbose_name = _("séance Nord Ouvert")
        verbose_name_plural = _("séances Nord Ouvert")


class NordOuvertCandidacy(models.Model):
    """An organisme puts itself forward for the Nord Ouvert training (once)."""

    organisme = models.OneToOneField(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="nord_ouvert_candidacy"
    )
    motivation = models.TextField(_("motivation"), max_length=3000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("soumise par"), on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(_("soumise le"), default=timezone.now)

    class Meta:
        verbose_name = _("candidature à la formation Nord Ouvert")
        verbose_name_plural = _("candidatures à la formation Nord Ouvert")
        ordering = ["created_at"]

    def __str__(self):
        return str(self.organisme)


class CohortEnrolment(models.Model):
    """An organisme selected into a cohort; one seat of the program's 180. Once per organisme."""

    cohort = models.ForeignKey(Cohort, verbose_name=_("cohorte"), on_delete=models.PROTECT, related_name="enrolments")
    organisme = models.OneToOneField(
        Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="cohort_enrolment"
    )
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sélectionné par"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    selected_at = models.DateTimeField(_("sélectionné le"), default=timezone.now)
    completed_at = models.DateTimeField(_("formation terminée le"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("terminée attestée par"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("organisme inscrit à une cohorte")
        verbose_name_plural = _("organismes inscrits aux cohortes")
        ordering = ["cohort", "organisme__legal_name"]

    def __str__(self):
        return f"{self.organisme} – {self.cohort}"


class SessionAttendance(models.Model):
    """Presence of an enrolled organisme at one cohort session (a row means present)."""

    session = models.ForeignKey(
        CohortSession, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        CohortEnrolment, verbose_name=_("inscription"), on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        verbose_name = _("présence à une séance")
        verbose_name_plural = _("présences aux séances")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="session_attendance_unique")]

    def __str__(self):
        return f"{self.enrolment.organisme} – {self.session}"


class LabCohort(TrainingCohort):
    """A cohort of the leadership support lab."""

    program = models.ForeignKey(
        Program, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="lab_cohorts"
    )

    class Meta(TrainingCohort.Meta):
        verbose_name = _("cohorte du laboratoire de leadership")
        verbose_name_plural = _("cohortes du laboratoire de leadership")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="lab_cohort_dates_in_order"),
            models.CheckConstraint(
                condition=Q(completion_percent__gte=1, completion_percent__lte=100), name="lab_completion_percent"
            ),
        ]


class LabSession(TrainingSession):
    cohort = models.ForeignKey(LabCohort, verbose_name=_("cohorte"), on_delete=models.CASCADE, related_name="sessions")

    class Meta(TrainingSession.Meta):
        verbose_name = _("séance du laboratoire")
        verbose_name_plural = _("séances du laboratoire")


class Leader(models.Model):
    """A community leader (a person, not an account) working for an organisme."""

    full_name = models.CharField(_("nom complet"), max_length=150)
    email = models.EmailField(_("courriel"))
    organisme = models.ForeignKey(Organisme, verbose_name=_("organisme"), on_delete=models.CASCADE, related_name="leaders")

    class Meta:
        verbose_name = _("leader communautaire")
        verbose_name_plural = _("leaders communautaires")
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(fields=["organisme", "email"], name="leader_email_unique_per_organisme")]

    def __str__(self):
        return f"{self.full_name} ({self.organisme})"


class LabEnrolment(models.Model):
    """A leader's place in the lab; one of the program's 60. Once per leader."""

    cohort = models.ForeignKey(LabCohort, verbose_name=_("cohorte"), on_delete=models.PROTECT, related_name="enrolments")
    leader = models.OneToOneField(Leader, verbose_name=_("leader"), on_delete=models.CASCADE, related_name="lab_enrolment")
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sélectionné par"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )
    selected_at = models.DateTimeField(_("sélectionné le"), default=timezone.now)
    completed_at = models.DateTimeField(_("laboratoire terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("participation au laboratoire")
        verbose_name_plural = _("participations au laboratoire")
        ordering = ["cohort", "leader__full_name"]

    def __str__(self):
        return f"{self.leader.full_name} – {self.cohort}"


class LabAttendance(models.Model):
    session = models.ForeignKey(LabSession, verbose_name=_("séance"), on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(
        LabEnrolment, verbose_name=_("participation"), on_delete=models.CASCADE, related_name="attendances"
    )

    class Meta:
        verbose_name = _("présence au laboratoire")
        verbose_name_plural = _("présences au laboratoire")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="lab_attendance_unique")]

    def __str__(self):
        return f"{self.enrolment.leader.full_name} – {self.session}"
