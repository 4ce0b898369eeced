"""The report to the ministry: what the program reached and spent, for the whole program or one
program year (programs.years), computed at each reading from the ledgers themselves — the
organismes, webinar presences, training places, applications, decisions, agreements, the payment
ledger and the final reports. No total is stored anywhere: every figure is one of the queries
below, and DEFINITIONS says in words what each counts (the page, the PDF and the CSV show them).

A fixed number of queries (13 for the whole program, 15 for a year: its balances are read apart)
whatever the size of the program.

The report is the DATAide team's, for the whole program: regional Centraide staff read their
regions in the program dashboard, and the ministry's report is not split by office
(`may_read_ministry_report`).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.statuses import AWARDED_STATUSES, ApplicationStatus
from organismes.models import Organisme
from programs.admin_scoping import staff_region_ids
from programs.models import GrantTier, Program, Region
from programs.years import ProgramYear, program_years
from trainings.models import CohortEnrolment, LabEnrolment, TrainingLimits, WebinarAttendance, WebinarRegistration

from .models import Agreement, FinalReport, ReportStatus
from .selectors import TierMoney, money_by_tier

READ_PERMISSION = "grants.view_payment"

DEFINITIONS = {
    "reached": _(
        "Organismes inscrits à un webinaire, présents à un webinaire ou qui ont commencé une demande (un brouillon "
        "compte) ; pour une année, l'un de ces gestes pendant l'année. Un organisme qui a seulement créé son compte "
        "n'est pas compté. Cible : celle du programme."
    ),
    "attendances": _(
        "Présences comptées (durée minimale atteinte) aux webinaires tenus pendant la période ; un organisme présent "
        "à deux webinaires compte deux fois."
    ),
    "attending_organismes": _("Organismes présents à au moins un webinaire tenu pendant la période, comptés une fois."),
    "nord_ouvert": _(
        "Organismes sélectionnés dans une cohorte Nord Ouvert du programme (à la date de leur sélection), sur les places "
        "prévues."
    ),
    "lab": _(
        "Leaders inscrits à une cohorte du laboratoire de leadership du programme (à la date de leur sélection), sur les "
        "places prévues."
    ),
    "submitted": _(
        "Demandes soumises (tout statut sauf brouillon), comptées à leur date de soumission, par volet et par région de "
        "l'organisme."
    ),
    "awards": _(
        "Demandes accordées (« Acceptée » ou une étape suivante : convention, versée, bilan reçu, dossier fermé), "
        "comptées à la date de la décision."
    ),
    "committed": _(
        "Somme des montants accordés de ces bourses, décidées pendant la période (le même calcul que les quotas et "
        "l'enveloppe du volet)."
    ),
    "paid": _(
        "Somme du registre des paiements pendant la période, à la date du paiement ; une annulation est une ligne "
        "négative, le total est donc net des annulations."
    ),
    "to_pay": _("Montant engagé moins montant versé, pour tout le programme à ce jour."),
    "envelope_left": _("Enveloppe du volet moins montant engagé, pour tout le programme à ce jour."),
    "signed": _("Conventions signées en ligne ou déposées signées, comptées à la date de la signature."),
    "reports_received": _("Bilans finaux remis par l'organisme, comptés à la date de leur dernière remise."),
    "reports_accepted": _("Bilans finaux acceptés par l'équipe, comptés à la date de l'acceptation."),
}


def may_read_ministry_report(user) -> bool:
    """The DATAide team (and superusers): the whole program's report is theirs to send."""
    return user.is_active and user.is_staff and user.has_perm(READ_PERMISSION) and staff_region_ids(user) is None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int
    target: int | None = None

    @property
    def definition(self) -> str:
        return DEFINITIONS[self.key]

    @property
    def percent(self) -> int | None:
        return round(100 * self.value / self.target) if self.target else None


@dataclass(frozen=True)
class TierCounts:
    submitted: int = 0
    awards: int = 0


@dataclass(frozen=True)
class RegionRow:
    region: Region | None  # None: the total row
    tiers: list[TierCounts]

    @property
    def submitted(self) -> int:
        return sum(cell.submitted for cell in self.tiers)

    @property
    def awards(self) -> int:
        return sum(cell.awards for cell in self.tiers)


@dataclass(frozen=True)
class FollowUpRow:
    tier: GrantTier
    signed: int
    reports_received: int
    reports_accepted: int


@dataclass(frozen=True)
class MinistryReport:
    program: Program
    year: ProgramYear | None  # None: the whole program
    years: list[ProgramYear]
    reach: list[Figure]
    tiers: list[GrantTier]
    regions: list[RegionRow]
    total: RegionRow
    money: list[TierMoney]
    balances: list[TierMoney]  # the whole program to date: what is left is a balance, not a flow
    follow_up: list[FollowUpRow]
    generated_at: object
    definitions: dict = field(default_factory=lambda: DEFINITIONS)

    @property
    def money_rows(self) -> list[tuple[TierMoney, TierMoney]]:
        return list(zip(self.money, self.balances, strict=True))


def _between(year: ProgramYear | None):
    return None if year is None else (year.start, year.end)


def _within(lookup: str, between) -> Q:
    return Q() if between is None else Q(**{f"{lookup}__gte": between[0], f"{lookup}__lt": between[1]})


def reached_count(between) -> int:
    """Organismes reached (DEFINITIONS["reached"]), the dashboard's definition, within a period."""
    def touched(model, lookup):
        return Q(Exists(model.objects.filter(_within(lookup, between), organisme=OuterRef("pk"))))

    reached = touched(WebinarRegistration, "created_at") | touched(WebinarAttendance, "webinar__starts_at") | touched(
        Application, "created_at"
    )
    return Organisme.objects.aggregate(count=Count("pk", filter=reached))["count"]


def reach_figures(program: Program, between) -> list[Figure]:
    attendance = WebinarAttendance.objects.filter(_within("webinar__starts_at", between)).aggregate(
        attendances=Count("pk"), organismes=Count("organisme", distinct=True)
    )
    limits, _created = TrainingLimits.objects.get_or_create(program=program)
    nord_ouvert = CohortEnrolment.objects.filter(_within("selected_at", between), cohort__program=program).count()
    lab = LabEnrolment.objects.filter(_within("selected_at", between), cohort__program=program).count()
    return [
        Figure("reached", _("Organismes rejoints"), reached_count(between), program.reach_target),
        Figure("attendances", _("Présences aux webinaires"), attendance["attendances"]),
        Figure("attending_organismes", _("Organismes présents à un webinaire"), attendance["organismes"]),
        Figure("nord_ouvert", _("Places en formation Nord Ouvert utilisées"), nord_ouvert, limits.nord_ouvert_seats),
        Figure("lab", _("Places au laboratoire de leadership utilisées"), lab, limits.leadership_lab_places),
    ]


def region_rows(program: Program, tiers: list[GrantTier], between) -> tuple[list[RegionRow], RegionRow]:
    """Applications submitted and awards decided in the period, per region and tier: one GROUP BY."""
    counts = (
        Application.objects.filter(tier__program=program)
        .values("region", "tier")
        .annotate(
            submitted=Count("pk", filter=~Q(status=ApplicationStatus.DRAFT) & _within("submitted_at", between)),
            awards=Count("pk", filter=Q(status__in=AWARDED_STATUSES) & _within("decided_at", between)),
        )
        .order_by()
    )
    cells = {(row["region"], row["tier"]): TierCounts(row["submitted"], row["awards"]) for row in counts}
    rows = [
        RegionRow(region, [cells.get((region.pk, tier.pk), TierCounts()) for tier in tiers])
        for region in Region.objects.order_by("code")
    ]
    total = RegionRow(None, [
        TierCounts(sum(row.tiers[i].submitted for row in rows), sum(row.tiers[i].awards for row in rows))
        for i in range(len(tiers))
    ])
    return rows, total


def follow_up_rows(program: Program, tiers: list[GrantTier], between) -> list[FollowUpRow]:
    """Agreements signed, final reports received and accepted in the period, per tier: two queries."""
    signed = dict(
        Agreement.objects.filter(_within("signed_at", between), application__tier__program=program, signed_at__isnull=False)
        .order_by().values_list("application__tier").annotate(count=Count("pk"))
    )
    reports = {
        row["application__tier"]: row
        for row in FinalReport.objects.filter(application__tier__program=program).order_by().values("application__tier")
        .annotate(
            received=Count("pk", filter=Q(submitted_at__isnull=False) & _within("submitted_at", between)),
            accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED) & _within("accepted_at", between)),
        )
    }
    return [
        FollowUpRow(
            tier, signed.get(tier.pk, 0), reports.get(tier.pk, {}).get("received", 0),
            reports.get(tier.pk, {}).get("accepted", 0),
        )
        for tier in tiers
    ]


def ministry_report(program: Program, year: ProgramYear | None = None, *, now=None) -> MinistryReport:
    """The report for `year` (one of program_years(program)), or for the whole program."""
    between = _between(year)
    tiers = list(GrantTier.objects.filter(program=program).order_by(*GrantTier._meta.ordering))
    regions, total = region_rows(program, tiers, between)
    money = money_by_tier(program, between=between)
    return MinistryReport(
        program=program,
        year=year,
        years=program_years(program),
        reach=reach_figures(program, between),
        tiers=tiers,
        regions=regions,
        total=total,
        money=money,
        balances=money if year is None else money_by_tier(program),
        follow_up=follow_up_rows(program, tiers, between),
        generated_at=now or timezone.now(),
    )
