from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from programs.models import CriteriaSet, Criterion, GrantTier, Region

from .aggregation import NOT_APPLICABLE_HELP, CriterionMark, weighted_sums


class SeatKind(models.TextChoices):
    """The four seats of every committee, as the program defines them."""

    DATAIDE_TEAM = "dataide_team", _("Équipe DATAide (Centraide du Grand Montréal)")
    REGIONAL_CENTRAIDE = "regional_centraide", _("Centraide régional")
    IT_ORGANISATION = "it_organisation", _("Organisation spécialisée en TI")
    COMMUNITY_ORGANISATION = "community_organisation", _("Organisme communautaire")


class CommitteeQuerySet(models.QuerySet):
    def for_member(self, user):
        return self.filter(seats__user=user)

    def judged_by(self, user):
        """The committees `user` sits on, and those that called them in as an alternate."""
        # Subqueries, not joins: joining seats and every assignment's calls multiplies the rows
        # (seats × assignments) that DISTINCT then folds back. Uncorrelated IN rather than
        # EXISTS: the same hashed subplans, at half Django's cost of building them.
        return self.filter(
            Q(pk__in=Seat.objects.filter(user_id=user.pk).values("committee_id"))
            | Q(pk__in=AlternateCall.objects.filter(alternate__user_id=user.pk).values("assignment__committee_id"))
        )


class Committee(models.Model):
    name = models.CharField(_("nom"), max_length=150)
    region = models.ForeignKey(Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="committees")
    tiers = models.ManyToManyField(GrantTier, verbose_name=_("volets évalués"), related_name="committees")
    scoring_deadline = models.DateField(_("date limite d'évaluation"))
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=3,
        help_text=_("Nombre de grilles soumises (membres sans conflit d'intérêts) pour qu'un résultat soit final."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("comité de sélection")
        verbose_name_plural = _("comités de sélection")
        ordering = ["-scoring_deadline", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum__gte=1) & Q(quorum__lte=4), name="committee_quorum_1_to_4"),
        ]

    def __str__(self):
        return self.name

    def deadline_passed(self, today=None) -> bool:
        """Scoring is open through the whole deadline day."""
        return (today or timezone.localdate()) > self.scoring_deadline


class Seat(models.Model):
    committee = models.ForeignKey(Committee, verbose_name=_("comité"), on_delete=models.CASCADE, related_name="seats")
    kind = models.CharField(_("siège"), max_length=30, choices=SeatKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.PROTECT, related_name="committee_seats"
    )
    organisation = models.CharField(_("organisation de provenance"), max_length=200)

    class Meta:
        verbose_name = _("siège")
        verbose_name_plural = _("sièges")
        ordering = ["committee", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "kind"], name="seat_one_per_kind"),
            models.UniqueConstraint(fields=["committee", "user"], name="seat_one_per_person"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.user}"


class Assignment(models.Model):
    """An application given to a committee; an application is judged by one committee only."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("comité"), on_delete=models.PROTECT, related_name="assignments"
    )
    application = models.OneToOneField(
        Application, verbose_name=_("demande"), on_delete=models.PROTECT, related_name="committee_assignment"
    )
    assigned_at = models.DateTimeField(_("assignée le"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assignée par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("demande assignée")
        verbose_name_plural = _("demandes assignées")
        ordering = ["-assigned_at", "pk"]

    def __str__(self):
        return f"{self.application} → {self.committee}"


class ConflictReason(models.TextChoices):
    """Why a member is conflicted. The two automatic reasons are facts the portal knows (the
    member belongs to the applying organisme, or to one the project names as a partner): the
    member is conflicted without declaring anything. The others are what a member declares."""

    AUTOMATIC_MEMBERSHIP = "automatic_membership", _("Membre de l'organisme demandeur (automatique)")
    AUTOMATIC_PARTNER = "automatic_partner", _("Membre d'un organisme partenaire du projet (automatique)")
    EMPLOYMENT = "employment", _("Emploi actuel ou passé")
    BOARD = "board", _("Conseil d'administration")
    FAMILY = "family", _("Lien familial ou personnel")
    PARTNERSHIP = "partnership", _("Partenariat ou collaboration")
    OTHER = "other", _("Autre")


AUTOMATIC_REASONS = (ConflictReason.AUTOMATIC_MEMBERSHIP, ConflictReason.AUTOMATIC_PARTNER)
DECLARABLE_REASONS = [(value, label) for value, label in ConflictReason.choices if value not in AUTOMATIC_REASONS]


class ConflictDeclaration(models.Model):
    """A member's answer, before reading an application, to « do you have a conflict of interest? »,
    or the conflict the portal recorded for them (`reason` automatic). A conflict withdrawn by
    staff keeps its row, with who withdrew it and why."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("demande assignée"), on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("membre"), on_delete=models.PROTECT, related_name="conflict_declarations"
    )
    has_conflict = models.BooleanField(_("conflit d'intérêts"))
    reason = models.CharField(_("motif"), max_length=30, choices=ConflictReason.choices, blank=True)
    note = models.TextField(_("précisions"), blank=True)
    declared_at = models.DateTimeField(_("déclaré le"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("retiré par"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    withdrawal_reason = models.TextField(_("motif du retrait"), blank=True)

    class Meta:
        verbose_name = _("déclaration de conflit d'intérêts")
        verbose_name_plural = _("déclarations de conflit d'intérêts")
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member"], name="conflict_declaration_once_per_member"),
        ]
        indexes = [
            # Every committee page hides the member's conflicts (selectors.conflicted): a handful of
            # rows, where the member's index reads all their answers (1 500 a committee).
            models.Index(
                fields=["member", "assignment"], condition=Q(has_conflict=True), name="conflict_declaration_conflicts"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.assignment.application_id}: {self.has_conflict}"

    @property
    def is_automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumise")


class Recommendation(models.TextChoices):
    FUND = "fund", _("Financer")
    FUND_WITH_CONDITIONS = "fund_with_conditions", _("Financer avec conditions")
    DO_NOT_FUND = "do_not_fund", _("Ne pas financer")


class Scorecard(models.Model):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("demande assignée"), on_delete=models.PROTECT, related_name="scorecards"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("membre"), on_delete=models.PROTECT, related_name="scorecards"
    )
    # The version the member scored with: later edits of the criteria never change past scores.
    criteria_set = models.ForeignKey(
        CriteriaSet, verbose_name=_("grille de critères"), on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    recommendation = models.CharField(_("recommandation"), max_length=30, choices=Recommendation.choices, blank=True)
    general_comment = models.TextField(_("commentaire général"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    # Σ weight × score and Σ weight of the scored criteria, stored at submission (a submitted
    # scorecard never changes): the results page ranks on them instead of summing every score.
    weighted_total = models.DecimalField(
        _("total pondéré"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    total_weight = models.DecimalField(
        _("poids des critères notés"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("grille d'évaluation")
        verbose_name_plural = _("grilles d'évaluation")
        ordering = ["assignment", "member"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "member"], name="scorecard_one_per_member"),
            models.CheckConstraint(
                condition=Q(status=ScorecardStatus.DRAFT) | (Q(submitted_at__isnull=False) & ~Q(recommendation="")),
                name="scorecard_submitted_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.assignment.application_id} – {self.member}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED

    def set_totals(self, scores):
        """Fill weighted_total and total_weight from its CriterionScore rows (criterion fetched)."""
        self.weighted_total, self.total_weight = weighted_sums(
            CriterionMark(weight=row.criterion.weight, score=row.score, not_applicable=row.not_applicable)
            for row in scores
        )


class CriterionScore(models.Model):
    scorecard = models.ForeignKey(Scorecard, verbose_name=_("grille"), on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name=_("critère"), on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("note (0 à 5)"), null=True, blank=True)
    not_applicable = models.BooleanField(_("sans objet"), default=False, help_text=NOT_APPLICABLE_HELP)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("note par critère")
        verbose_name_plural = _("notes par critère")
        ordering = ["scorecard", "criterion__position", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="criterion_score_once"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=5), name="criterion_score_0_to_5"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(score__isnull=True), name="criterion_score_na_has_no_score"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {'S. O.' if self.not_applicable else self.score}"


class Alternate(models.Model):
    """A person ready to take a seat's place on the applications where conflicts of interest
    leave the committee short of its quorum. Same kinds and rules as the seats (the regional
    alternate works for a Centraide covering the committee's region); `position` orders the
    alternates of one kind."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("comité"), on_delete=models.CASCADE, related_name="alternates"
    )
    kind = models.CharField(_("siège remplacé"), max_length=30, choices=SeatKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.PROTECT, related_name="committee_alternates"
    )
    organisation = models.CharField(_("organisation de provenance"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre d'appel"), default=0)

    class Meta:
        verbose_name = _("substitut")
        verbose_name_plural = _("substituts")
        ordering = ["committee", "kind", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["committee", "user"], name="alternate_one_per_person")]

    def __str__(self):
        return f"{self.get_kind_display()} (substitut) – {self.user}"


class AlternateCall(models.Model):
    """An alternate called in on one application: from then on they score it like a seat."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("demande assignée"), on_delete=models.CASCADE, related_name="alternate_calls"
    )
    alternate = models.ForeignKey(
        Alternate, verbose_name=_("substitut"), on_delete=models.PROTECT, related_name="calls"
    )
    called_at = models.DateTimeField(_("appelé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("appel d'un substitut")
        verbose_name_plural = _("appels de substituts")
        ordering = ["-called_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "alternate"], name="alternate_called_once")]

    def __str__(self):
        return f"{self.alternate} → {self.assignment.application_id}"


# The feedback letter lives in its own module (committees.feedback).
from .feedback.models import FeedbackLetter  # noqa: E402,F401
