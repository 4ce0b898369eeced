"""A realistic dataset at the scale of the Centraide network, bulk-inserted so it loads in minutes.

Every row it writes is recognisable, so `--reset` removes exactly it and never the demo data or
anything staff entered: organismes have a NEQ starting with SCALE_NEQ_PREFIX, people an address at
SCALE_EMAIL_DOMAIN, webinars and committees a name starting with SCALE_NAME_PREFIX. Everything
else hangs from those rows.

The rows respect the database's rules (one open application and one award per organisme and tier,
awarded ≤ requested = sum of the budget lines, one scorecard per member and assignment…). The
tiers' quotas do not hold — the set is ten times the program — but awards stay in proportion:
about quota × (organismes / 3 000) per tier.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.utils import timezone

from applications.models import (
    AWARDED_STATUSES,
    Application,
    ApplicationStatus,
    BudgetCategory,
    BudgetLine,
    StatusChange,
)
from committees.models import (
    Assignment,
    Committee,
    ConflictDeclaration,
    CriterionScore,
    Recommendation,
    Scorecard,
    ScorecardStatus,
    Seat,
    SeatKind,
)
from dataide.accounts.models import Language
from dataide.accounts.roles import Role
from dataide.audit.models import AuditEvent
from dataide.outbox.models import MessageStatus, OutboxMessage
from organismes.models import Membership, MembershipRole, Organisme
from programs.models import CentraideOffice, GrantTier, Region, TierCode
from trainings.models import (
    AttendanceSource,
    Cohort,
    CohortEnrolment,
    CohortSession,
    SessionAttendance,
    WebinarAttendance,
    WebinarSession,
)

SCALE_NEQ_PREFIX = "99"
SCALE_EMAIL_DOMAIN = "echelle.dataide.test"
SCALE_NAME_PREFIX = "[Échelle]"
SCALE_STAFF_EMAIL = f"equipe@{SCALE_EMAIL_DOMAIN}"
# Unusable password (Django's convention: starts with "!"): scale accounts are only used by the
# bench, which signs them in with force_login.
UNUSABLE_PASSWORD = "!echelle"

# The network the program could reach, ten times DATAide's 3 000 organismes.
PROGRAM_REACH = 3000


@dataclass(frozen=True)
class Sizes:
    organismes: int = 30_000
    attendances: int = 60_000
    applications: int = 50_000
    committees: int = 25
    scores: int = 200_000
    messages: int = 100_000
    cohorts: int = 6
    """Nord Ouvert cohorts of COHORT_SIZE organismes each (the program's 180 seats), two trainers each."""
    batch_size: int = 5_000


COHORT_SIZE = 30
COHORT_SESSIONS = 10


# Share of applications per tier (amorçage is the entry door, innovation is rare).
TIER_SHARES = {TierCode.AMORCAGE: 0.80, TierCode.ACCELERATION: 0.17, TierCode.INNOVATION: 0.03}
TIER_AMOUNTS = {
    TierCode.AMORCAGE: (1_500, 5_000, 100),
    TierCode.ACCELERATION: (5_000, 20_000, 500),
    TierCode.INNOVATION: (25_000, 75_000, 1_000),
}
# Where the applications that are not awarded stand (weights).
NOT_AWARDED_MIX = {
    ApplicationStatus.DRAFT: 12,
    ApplicationStatus.SUBMITTED: 10,
    ApplicationStatus.SCREENING: 5,
    ApplicationStatus.ELIGIBLE: 5,
    ApplicationStatus.INELIGIBLE: 7,
    ApplicationStatus.IN_REVIEW: 15,
    ApplicationStatus.DECLINED: 28,
    ApplicationStatus.WAITLISTED: 6,
    ApplicationStatus.WITHDRAWN: 8,
}
AWARDED_MIX = {
    ApplicationStatus.AWARDED: 30,
    ApplicationStatus.AGREEMENT: 20,
    ApplicationStatus.PAID: 35,
    ApplicationStatus.REPORT_RECEIVED: 10,
    ApplicationStatus.CLOSED: 5,
}
# An organisme's earlier application to a tier it applies to again was closed without an award.
EARLIER_STATUSES = (ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN, ApplicationStatus.INELIGIBLE)
# Statuses of applications a committee has judged or is judging.
REVIEWED_STATUSES = (
    ApplicationStatus.IN_REVIEW, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED, *AWARDED_STATUSES
)
PROGRAM_YEARS = (2026, 2027, 2028)

# Regions by weight of their community sector; committees go to the first ones first.
REGION_WEIGHTS = {
    "06": 24, "16": 17, "03": 9, "13": 5, "15": 7, "14": 6, "12": 5, "05": 4, "07": 4,
    "04": 3, "17": 3, "02": 3, "01": 2, "08": 2, "11": 1, "09": 1, "10": 1,
}
POSTAL_LETTERS = {
    "06": "H", "13": "H", "16": "J", "15": "J", "14": "J", "05": "J", "07": "J", "08": "J", "17": "J",
    "03": "G", "12": "G", "04": "G", "02": "G", "01": "G", "11": "G", "09": "G", "10": "J",
}

KINDS_OF_ORGANISMES = [
    "Maison des jeunes", "Cuisine collective", "Centre d'entraide", "Carrefour familial", "Popote roulante",
    "Comptoir alimentaire", "Centre de femmes", "Table de quartier", "Association des locataires",
    "Maison de la famille", "Groupe d'entraide", "Centre d'action bénévole", "Halte-garderie communautaire",
    "Corporation de développement communautaire", "Regroupement des aînés", "Service d'aide aux devoirs",
    "Centre communautaire", "Ressource alternative en santé mentale", "Coopérative de solidarité",
    "Accueil des personnes immigrantes",
]
MISSIONS = [
    "Briser l'isolement des personnes aînées du quartier par des visites et des repas partagés.",
    "Offrir aux jeunes de 12 à 17 ans un milieu de vie sécuritaire, stimulant et gratuit.",
    "Soutenir les familles à faible revenu par l'aide alimentaire et l'éducation populaire.",
    "Accompagner les personnes immigrantes dans leur installation et leur recherche d'emploi.",
    "Défendre les droits des locataires et favoriser l'accès à un logement décent.",
    "Favoriser l'autonomie des femmes et prévenir la violence conjugale.",
]
PROJECT_TITLES = [
    "Renouvellement du parc informatique", "Migration vers des outils infonuagiques", "Site Web accessible",
    "Base de données des membres", "Formation du personnel au numérique", "Outil de gestion des bénévoles",
    "Protection des renseignements personnels (Loi 25)", "Téléphonie IP pour l'accueil",
    "Plateforme d'inscription en ligne", "Tableau de bord des services rendus",
]
NEEDS = [
    "Nos ordinateurs ont plus de huit ans et ne reçoivent plus de mises à jour de sécurité.",
    "Les inscriptions se font encore sur papier, ce qui retarde l'accueil des familles.",
    "Les dossiers des participants sont dispersés dans des tableurs partagés par courriel.",
    "L'équipe perd des heures chaque semaine à cause d'outils qui ne se parlent pas.",
]
SUMMARIES = [
    "Acquérir du matériel, former l'équipe et documenter les nouvelles façons de faire.",
    "Choisir un logiciel libre adapté, migrer les données et accompagner les bénévoles.",
    "Mettre en place une solution simple, sécuritaire et partagée avec nos partenaires.",
]
RESULTS = [
    "Moins de temps administratif, plus de temps auprès des personnes.",
    "Des données fiables pour nos redditions de comptes, recueillies avec consentement.",
]
SCORE_COMMENTS = ["", "", "", "Projet clair et bien budgété.", "Le besoin est bien démontré.", "Échéancier ambitieux."]


def scale_organismes():
    return Organisme.objects.filter(neq__startswith=SCALE_NEQ_PREFIX)


def scale_users():
    return get_user_model().objects.filter(email__endswith=f"@{SCALE_EMAIL_DOMAIN}")


def scale_committees():
    return Committee.objects.filter(name__startswith=SCALE_NAME_PREFIX)


def scale_cohorts():
    return Cohort.objects.filter(name__startswith=SCALE_NAME_PREFIX)


def has_scale_data() -> bool:
    return scale_organismes().exists() or scale_users().exists() or scale_committees().exists()


def dataset_sizes() -> dict[str, int]:
    """What the scale set holds now (the bench writes it beside its figures)."""
    organismes = scale_organismes()
    return {
        "organismes": organismes.count(),
        "webinar_attendances": WebinarAttendance.objects.filter(organisme__in=organismes).count(),
        "applications": Application.objects.filter(organisme__in=organismes).count(),
        "committees": scale_committees().count(),
        "cohort_enrolments": CohortEnrolment.objects.filter(cohort__in=scale_cohorts()).count(),
        "criterion_scores": CriterionScore.objects.filter(scorecard__assignment__committee__in=scale_committees()).count(),
        "outbox_messages": OutboxMessage.objects.filter(recipient_email__endswith=f"@{SCALE_EMAIL_DOMAIN}").count(),
    }


def delete_scale_data() -> dict[str, int]:
    """Remove the scale set, children first (several of its foreign keys protect their target)."""
    committees = scale_committees()
    organismes = scale_organismes()
    users = scale_users()
    applications = Application.objects.filter(organisme__in=organismes)
    assignments = Assignment.objects.filter(committee__in=committees) | Assignment.objects.filter(
        application__in=applications
    )
    steps = [
        ("criterion_scores", CriterionScore.objects.filter(scorecard__assignment__in=assignments)),
        ("scorecards", Scorecard.objects.filter(assignment__in=assignments)),
        ("conflict_declarations", ConflictDeclaration.objects.filter(assignment__in=assignments)),
        ("assignments", assignments),
        ("seats", Seat.objects.filter(committee__in=committees)),
        ("committees", committees),
        ("status_changes", StatusChange.objects.filter(application__in=applications)),
        ("budget_lines", BudgetLine.objects.filter(application__in=applications)),
        ("applications", applications),
        ("outbox_messages", OutboxMessage.objects.filter(recipient_email__endswith=f"@{SCALE_EMAIL_DOMAIN}")),
        ("audit_events", AuditEvent.objects.filter(actor__in=users)),
        ("session_attendances", SessionAttendance.objects.filter(session__cohort__in=scale_cohorts())),
        ("cohort_enrolments", CohortEnrolment.objects.filter(cohort__in=scale_cohorts())),
        ("cohorts", scale_cohorts()),
        ("webinar_attendances", WebinarAttendance.objects.filter(organisme__in=organismes)),
        ("webinars", WebinarSession.objects.filter(title__startswith=SCALE_NAME_PREFIX)),
        ("memberships", Membership.objects.filter(organisme__in=organismes)),
        ("organismes", organismes),
        ("users", users),
    ]
    deleted = {}
    with transaction.atomic():
        for name, queryset in steps:
            # Materialise the ids first: the querysets above depend on rows deleted before them.
            ids = list(queryset.values_list("pk", flat=True))
            model = queryset.model
            count = 0
            for start in range(0, len(ids), 10_000):
                count += model.objects.filter(pk__in=ids[start:start + 10_000]).delete()[1].get(model._meta.label, 0)
            deleted[name] = count
    return deleted


def _weighted_choice(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@dataclass
class ScaleSeeder:
    """Builds the scale set in bulk. `write` receives one progress line per step."""

    sizes: Sizes = field(default_factory=Sizes)
    seed: int = 2026
    write: object = print

    def __post_init__(self):
        from faker import Faker

        self.rng = random.Random(self.seed)
        faker = Faker("fr_CA")
        faker.seed_instance(self.seed)
        # Pools drawn once: Faker per row would dominate the load time without adding realism.
        self.person_names = [faker.name() for _ in range(1500)]
        self.streets = [faker.street_name() for _ in range(400)]
        self.cities = [faker.city() for _ in range(300)]
        self.last_names = [faker.last_name() for _ in range(600)]

    # --- helpers -----------------------------------------------------------------------------

    def _bulk(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=self.sizes.batch_size)

    def _postal_code(self, region_code: str) -> str:
        digit, letter = self.rng.randint, self.rng.choice
        letters = "ABCEGHJKLMNPRSTVWXYZ"
        return (
            f"{POSTAL_LETTERS[region_code]}{digit(0, 9)}{letter(letters)} "
            f"{digit(0, 9)}{letter(letters)}{digit(0, 9)}"
        )

    # --- the steps -----------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        with transaction.atomic():
            self.regions = {region.code: region for region in Region.objects.all()}
            self.tiers = {tier.code: tier for tier in GrantTier.objects.with_current_criteria()}
            self.staff = self._staff()
            users = self._users(self.sizes.organismes)
            self.organismes = self._organismes(users)
            self._attendances()
            self.applications = self._applications()
            self._application_details()
            self._committees_and_scores()
            self._messages()
            self._cohorts()
        return dataset_sizes()

    def add_cohorts(self) -> dict[str, int]:
        """The cohorts alone, on a scale set loaded before they were part of it (seed_scale --if-missing)."""
        with transaction.atomic():
            self.tiers = {tier.code: tier for tier in GrantTier.objects.with_current_criteria()}
            self.staff = get_user_model().objects.get(email=SCALE_STAFF_EMAIL)
            self.organismes = list(scale_organismes().order_by("pk"))
            self._cohorts()
        return dataset_sizes()

    def _staff(self):
        staff = get_user_model().objects.create(
            email=SCALE_STAFF_EMAIL, full_name="Équipe DATAide (échelle)", is_staff=True, password=UNUSABLE_PASSWORD
        )
        staff.groups.add(Group.objects.get(name=Role.DATAIDE_TEAM.value))
        return staff

    def _users(self, count: int):
        users = self._bulk(get_user_model(), [
            get_user_model()(
                email=f"responsable{index:06d}@{SCALE_EMAIL_DOMAIN}",
                full_name=self.rng.choice(self.person_names),
                password=UNUSABLE_PASSWORD,
                preferred_language=Language.ENGLISH if self.rng.random() < 0.08 else Language.FRENCH,
            )
            for index in range(count)
        ])
        self.write(f"  personnes responsables : {len(users)}")
        return users

    def _organismes(self, users):
        organismes = []
        for index, user in enumerate(users):
            region_code = _weighted_choice(self.rng, REGION_WEIGHTS)
            city = self.rng.choice(self.cities)
            organismes.append(Organisme(
                legal_name=f"{self.rng.choice(KINDS_OF_ORGANISMES)} {self.rng.choice(self.last_names)} de {city}",
                neq=f"{SCALE_NEQ_PREFIX}{index:08d}",
                charity_number=f"{self.rng.randint(100_000_000, 999_999_999)}RR0001" if self.rng.random() < 0.6 else "",
                region=self.regions[region_code],
                street_address=f"{self.rng.randint(10, 9999)}, {self.rng.choice(self.streets)}",
                city=city,
                postal_code=self._postal_code(region_code),
                staff_count=self.rng.randint(0, 40),
                volunteer_count=self.rng.randint(0, 250),
                mission=self.rng.choice(MISSIONS),
                preferred_language=user.preferred_language,
            ))
        organismes = self._bulk(Organisme, organismes)
        self._bulk(Membership, [
            Membership(user=user, organisme=organisme, role=MembershipRole.RESPONSIBLE)
            for user, organisme in zip(users, organismes, strict=True)
        ])
        self.responsible = dict(zip((o.pk for o in organismes), users, strict=True))
        self.write(f"  organismes : {len(organismes)}")
        return organismes

    def _attendances(self):
        count_orgs = len(self.organismes)
        webinar_count = max(4, math.ceil(self.sizes.attendances / count_orgs) + 2, self.sizes.attendances // 500)
        first_day = date(2026, 4, 15)
        webinars = self._bulk(WebinarSession, [
            WebinarSession(
                title=f"{SCALE_NAME_PREFIX} Le numérique au service de votre mission no {number + 1}",
                starts_at=_aware(first_day + timedelta(days=7 * number), 13),
                language=Language.ENGLISH if number % 6 == 5 else Language.FRENCH,
                capacity=1000,
                join_url="https://webinaires.example.org/dataide",
            )
            for number in range(webinar_count)
        ])
        attendances = []
        for index in range(self.sizes.attendances):
            round_number, org_index = divmod(index, count_orgs)
            # A different webinar for each round: (webinar, organisme) stays unique.
            webinar = webinars[(org_index * 7 + round_number) % webinar_count]
            attendances.append(WebinarAttendance(
                webinar=webinar,
                organisme=self.organismes[org_index],
                minutes=self.rng.randint(45, 90),
                attendee_email=self.responsible[self.organismes[org_index].pk].email,
                source=AttendanceSource.IMPORT,
                recorded_by=self.staff,
            ))
        self._bulk(WebinarAttendance, attendances)
        self.write(f"  webinaires : {len(webinars)}, présences : {len(attendances)}")

    def _tier_counts(self) -> dict[str, int]:
        total = self.sizes.applications
        counts = {code: int(total * share) for code, share in TIER_SHARES.items()}
        counts[TierCode.AMORCAGE] += total - sum(counts.values())
        for code, count in counts.items():
            if count > 2 * len(self.organismes):
                raise ValueError(f"{count} demandes {code} pour {len(self.organismes)} organismes : au plus 2 par organisme.")
        return counts

    def _application(self, organisme, tier, status, year, sequence):
        low, high, step = TIER_AMOUNTS[tier.code]
        requested = Decimal(self.rng.randrange(low, high + 1, step))
        submitted_at = None
        if status != ApplicationStatus.DRAFT:
            submitted_at = _aware(date(year, 4, 1) + timedelta(days=self.rng.randint(0, 300)))
        decided = status in AWARDED_STATUSES or status in (ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED)
        awarded = None
        if status in AWARDED_STATUSES:
            awarded = min(requested, (requested * Decimal(self.rng.choice([80, 90, 100])) / 100).quantize(Decimal(1)))
        return Application(
            organisme=organisme,
            tier=tier,
            # Numbers from 50 001 up: far above what real submissions reach, so they never collide.
            number=None if submitted_at is None else f"{tier.number_prefix}-{year}-{50_000 + sequence}",
            title=self.rng.choice(PROJECT_TITLES),
            status=status,
            amount_requested=requested,
            amount_awarded=awarded,
            submitted_at=submitted_at,
            decided_at=submitted_at + timedelta(days=60) if decided else None,
            decided_by=self.staff if decided else None,
            decision_reason="Le comité a retenu des projets au besoin plus urgent." if status == ApplicationStatus.DECLINED else "",
            need=self.rng.choice(NEEDS),
            project_summary=self.rng.choice(SUMMARIES),
            expected_results=self.rng.choice(RESULTS),
            timeline="De l'automne à l'été suivant, en trois étapes.",
            data_governance="Consentement explicite, accès par rôle, chiffrement des postes.",
            sustainability="Le coût des licences est prévu au budget annuel dès la deuxième année.",
            network_scope="Outil partagé avec les organismes de la table de quartier." if tier.code == TierCode.INNOVATION else "",
        )

    def _applications(self):
        scale = len(self.organismes) / PROGRAM_REACH
        applications = []
        sequence = 0
        for offset, (code, count) in enumerate(self._tier_counts().items()):
            tier = self.tiers[code]
            finals = min(count, len(self.organismes))
            awarded_share = min(0.25, tier.quota * scale / max(finals, 1))
            start = offset * len(self.organismes) // 3
            for index in range(count):
                organisme = self.organismes[(start + index) % len(self.organismes)]
                sequence += 1
                if index < finals:
                    if self.rng.random() < awarded_share:
                        status = _weighted_choice(self.rng, AWARDED_MIX)
                    else:
                        status = _weighted_choice(self.rng, NOT_AWARDED_MIX)
                    year = self.rng.choice(PROGRAM_YEARS[1:]) if index < count - finals else self.rng.choice(PROGRAM_YEARS)
                else:
                    # A second application of an organisme: its earlier one, closed without an award.
                    status, year = self.rng.choice(EARLIER_STATUSES), PROGRAM_YEARS[0]
                applications.append(self._application(organisme, tier, status, year, sequence))
        applications = self._bulk(Application, applications)
        # created_at is set on insert (auto_now_add): date it back to before the submission.
        Application.objects.filter(pk__in=[a.pk for a in applications if a.submitted_at]).update(
            created_at=ExpressionWrapper(F("submitted_at") - Value(timedelta(days=5)), output_field=DateTimeField())
        )
        by_status = {}
        for application in applications:
            by_status[application.status] = by_status.get(application.status, 0) + 1
        self.write(f"  demandes : {len(applications)} ({', '.join(f'{k} {v}' for k, v in sorted(by_status.items()))})")
        return applications

    def _application_details(self):
        self._bulk(BudgetLine, [
            BudgetLine(
                application=application,
                category=self.rng.choice(BudgetCategory.values),
                description="Achat et installation, selon la soumission jointe",
                amount=application.amount_requested,
            )
            for application in self.applications
        ])
        self._bulk(StatusChange, [
            StatusChange(application=application, from_status=ApplicationStatus.DRAFT, to_status=application.status, actor=self.staff)
            for application in self.applications
            if application.status != ApplicationStatus.DRAFT
        ])
        self.write("  lignes budgétaires et historique des statuts")

    def _committee_regions(self) -> list[str]:
        by_weight = sorted(REGION_WEIGHTS, key=REGION_WEIGHTS.get, reverse=True)
        return [by_weight[index % len(by_weight)] for index in range(self.sizes.committees)]

    def _committees(self):
        offices = {code: CentraideOffice.objects.filter(regions__code=code).first() for code in self.regions}
        today = timezone.localdate()
        committees, seats, members = [], [], []
        member_group = Group.objects.get(name=Role.COMMITTEE_MEMBER.value)
        for number, region_code in enumerate(self._committee_regions(), start=1):
            committee = Committee.objects.create(
                name=f"{SCALE_NAME_PREFIX} Comité {self.regions[region_code].name} no {number}",
                region=self.regions[region_code],
                # Half have closed their scoring: their results page ranks and offers decisions.
                scoring_deadline=today + timedelta(days=-30 if number % 2 else 21),
            )
            committee.tiers.set(self.tiers.values())
            for kind in SeatKind:
                user = get_user_model().objects.create(
                    email=f"comite{number:02d}.{kind.value}@{SCALE_EMAIL_DOMAIN}",
                    full_name=self.rng.choice(self.person_names),
                    password=UNUSABLE_PASSWORD,
                )
                user.groups.add(member_group)
                if kind == SeatKind.REGIONAL_CENTRAIDE:
                    offices[region_code].staff.add(user)
                seats.append(Seat(committee=committee, kind=kind, user=user, organisation=f"Organisation de {user.full_name}"))
                members.append(user)
            committees.append(committee)
        self._bulk(Seat, seats)
        return committees

    def _committees_and_scores(self):
        if not self.sizes.committees:
            return
        committees = self._committees()
        seats = {}
        for seat in Seat.objects.filter(committee__in=committees).order_by("kind"):
            seats.setdefault(seat.committee_id, []).append(seat.user_id)
        by_region = {}
        for committee in committees:
            by_region.setdefault(committee.region_id, []).append(committee)
        criteria = {
            tier.pk: (tier.current_criteria_set, list(tier.current_criteria_set.criteria.all()))
            for tier in self.tiers.values()
        }
        candidates = [a for a in self.applications if a.status in REVIEWED_STATUSES and a.organisme.region_id in by_region]
        self.rng.shuffle(candidates)
        assignments, declarations, scorecards, planned_scores = [], [], [], 0
        for application in candidates:
            if planned_scores >= self.sizes.scores:
                break
            region_committees = by_region[application.organisme.region_id]
            committee = region_committees[len(assignments) % len(region_committees)]
            assignment = Assignment(committee=committee, application=application, assigned_by=self.staff)
            assignments.append(assignment)
            criteria_set, criteria_list = criteria[application.tier_id]
            for position, member_id in enumerate(seats[committee.pk]):
                # A few conflicts of interest, never on the first seat (the bench's member).
                conflict = position > 0 and self.rng.random() < 0.02
                declarations.append(ConflictDeclaration(assignment=assignment, member_id=member_id, has_conflict=conflict))
                if conflict:
                    continue
                submitted = application.status != ApplicationStatus.IN_REVIEW or self.rng.random() < 0.85
                scorecards.append(Scorecard(
                    assignment=assignment,
                    member_id=member_id,
                    criteria_set=criteria_set,
                    status=ScorecardStatus.SUBMITTED if submitted else ScorecardStatus.DRAFT,
                    recommendation=self.rng.choice(Recommendation.values) if submitted else "",
                    general_comment=self.rng.choice(SCORE_COMMENTS),
                    submitted_at=application.submitted_at + timedelta(days=30) if submitted else None,
                ))
                planned_scores += len(criteria_list)
        assignments = self._bulk(Assignment, assignments)
        self._bulk(ConflictDeclaration, declarations)
        scorecards = self._bulk(Scorecard, scorecards)
        scores = []
        for scorecard in scorecards:
            for criterion in criteria[scorecard.assignment.application.tier_id][1]:
                if len(scores) >= self.sizes.scores:
                    break
                not_applicable = self.rng.random() < 0.05
                scores.append(CriterionScore(
                    scorecard=scorecard,
                    criterion=criterion,
                    score=None if not_applicable else self.rng.choices(range(6), weights=[1, 2, 4, 6, 5, 3])[0],
                    not_applicable=not_applicable,
                    comment=self.rng.choice(SCORE_COMMENTS),
                ))
        self._bulk(CriterionScore, scores)
        self._store_totals(scorecards, scores)
        self.write(
            f"  comités : {len(committees)}, demandes assignées : {len(assignments)}, "
            f"grilles : {len(scorecards)}, notes : {len(scores)}"
        )

    def _store_totals(self, scorecards, scores):
        """What committees.services.save_scorecard stores when a scorecard is submitted."""
        by_scorecard = {}
        for score in scores:
            by_scorecard.setdefault(score.scorecard_id, []).append(score)
        submitted = [card for card in scorecards if card.status == ScorecardStatus.SUBMITTED]
        for card in submitted:
            card.set_totals(by_scorecard.get(card.pk, []))
        Scorecard.objects.bulk_update(submitted, ["weighted_total", "total_weight"], batch_size=self.sizes.batch_size)

    def _cohorts(self):
        """Nord Ouvert cohorts as trainers see them: two trainers each, COHORT_SIZE organismes,
        COHORT_SESSIONS sessions a fortnight apart (those past attended by about 85 %), a third of
        the organismes of the earlier cohorts done."""
        program = next(iter(self.tiers.values())).program
        trainer_group = Group.objects.get(name=Role.NORD_OUVERT_TRAINER.value)
        trainers = self._bulk(get_user_model(), [
            get_user_model()(email=f"formateur{index:03d}@{SCALE_EMAIL_DOMAIN}", full_name=self.rng.choice(self.person_names),
                             password=UNUSABLE_PASSWORD)
            for index in range(2 * self.sizes.cohorts)
        ])
        trainer_group.user_set.add(*trainers)
        now = timezone.now()
        first_day = date(2026, 9, 1)
        cohorts = self._bulk(Cohort, [
            Cohort(name=f"{SCALE_NAME_PREFIX} Nord Ouvert — cohorte {number + 1}", program=program, capacity=COHORT_SIZE,
                   starts_on=first_day + timedelta(days=30 * number),
                   ends_on=first_day + timedelta(days=30 * number + 14 * COHORT_SESSIONS))
            for number in range(self.sizes.cohorts)
        ])
        for number, cohort in enumerate(cohorts):
            cohort.trainers.add(*trainers[2 * number:2 * number + 2])
        sessions = self._bulk(CohortSession, [
            CohortSession(cohort=cohort, title=f"Atelier {number + 1}", starts_at=_aware(cohort.starts_on + timedelta(days=14 * number), 9))
            for cohort in cohorts for number in range(COHORT_SESSIONS)
        ])
        chosen = self.rng.sample(self.organismes, min(len(self.organismes), COHORT_SIZE * len(cohorts)))
        enrolments = []
        for index, organisme in enumerate(chosen):
            done = index // COHORT_SIZE < 2 and self.rng.random() < 0.33
            enrolments.append(CohortEnrolment(
                cohort=cohorts[index // COHORT_SIZE], organisme=organisme, selected_by=self.staff,
                completed_at=now if done else None, completed_by=self.staff if done else None,
            ))
        enrolments = self._bulk(CohortEnrolment, enrolments)
        sessions_by_cohort = {}
        for session in sessions:
            sessions_by_cohort.setdefault(session.cohort_id, []).append(session)
        self._bulk(SessionAttendance, [
            SessionAttendance(session=session, enrolment=enrolment)
            for enrolment in enrolments for session in sessions_by_cohort[enrolment.cohort_id]
            if session.starts_at < now and self.rng.random() < 0.85
        ])
        self.write(f"  cohortes Nord Ouvert : {len(cohorts)}, organismes inscrits : {len(enrolments)}")

    def _messages(self):
        organisme_type = ContentType.objects.get_for_model(Organisme)
        application_type = ContentType.objects.get_for_model(Application)
        applications_by_organisme = {}
        for application in self.applications:
            applications_by_organisme.setdefault(application.organisme_id, application)
        subjects = {
            "attendance_recorded": "Votre présence au webinaire est enregistrée : la bourse amorçage vous est ouverte",
            "application_received": "Votre demande est bien reçue",
            "decision_declined": "Décision sur votre demande",
            "webinar_reminder": "Rappel : webinaire demain",
        }
        templates = list(subjects)
        statuses = {MessageStatus.SENT: 95, MessageStatus.PENDING: 3, MessageStatus.FAILED: 2}
        now = timezone.now()
        messages = []
        for index in range(self.sizes.messages):
            organisme = self.organismes[index % len(self.organismes)]
            template = templates[(index // len(self.organismes)) % len(templates)]
            application = applications_by_organisme.get(organisme.pk)
            about_application = template in ("application_received", "decision_declined") and application is not None
            status = _weighted_choice(self.rng, statuses)
            user = self.responsible[organisme.pk]
            body = f"Bonjour,\n\n{subjects[template]}.\n\nL'équipe DATAide\n"
            messages.append(OutboxMessage(
                recipient_email=user.email,
                recipient_user=user,
                language=organisme.preferred_language,
                template=template,
                context={"organisme": {"model": "organismes.Organisme", "pk": organisme.pk, "str": organisme.legal_name}},
                subject=f"[DATAide] {subjects[template]}",
                body_text=body,
                body_html=f"<p>{body}</p>",
                about_type=application_type if about_application else organisme_type,
                about_id=application.pk if about_application else organisme.pk,
                addressee_type=organisme_type,
                addressee_id=organisme.pk,
                status=status,
                attempts=0 if status == MessageStatus.PENDING else 1,
                sent_at=now if status == MessageStatus.SENT else None,
                next_attempt_at=now if status == MessageStatus.PENDING else None,
                last_error="SMTPRecipientsRefused: 550 boîte inconnue" if status == MessageStatus.FAILED else "",
            ))
        self._bulk(OutboxMessage, messages)
        self.write(f"  courriels : {len(messages)}")

