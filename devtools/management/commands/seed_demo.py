"""Demo accounts and organismes for trying the portal (`make run` calls it). Idempotent: a second
run finds everything in place and changes nothing, passwords included."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from committees.models import Committee, SeatKind
from committees.services import SeatSpec, save_committee
from dataide.accounts.roles import Role
from grants import services as grants
from grants.models import Agreement, FinalReport
from organismes.models import Membership, MembershipRole, Organisme
from programs.models import CentraideOffice, GrantTier, Program, Region
from trainings import services as trainings
from trainings.models import Cohort, CohortSession, WebinarAttendance, WebinarSession

DEMO_PASSWORD = "demo-DATAide-2026"

STAFF_USERS = [
    # email, full name, role, is_staff, what they are for
    ("equipe@dataide.demo", "Camille Tremblay", Role.DATAIDE_TEAM, True, "équipe DATAide (Centraide du Grand Montréal)"),
    ("estrie@dataide.demo", "Jérôme Gagnon", Role.REGIONAL_CENTRAIDE, True, "Centraide Estrie"),
    ("comite.dataide@dataide.demo", "Sophie Roy", Role.COMMITTEE_MEMBER, False, "siège équipe DATAide"),
    ("comite.regional@dataide.demo", "Marc Côté", Role.COMMITTEE_MEMBER, False, "siège Centraide régional"),
    ("comite.ti@dataide.demo", "Aïcha Diallo", Role.COMMITTEE_MEMBER, False, "siège organisme spécialisé en TI"),
    ("comite.communautaire@dataide.demo", "Luc Bouchard", Role.COMMITTEE_MEMBER, False, "siège organisme communautaire"),
    ("formateur@dataide.demo", "Nadia Bélanger", Role.NORD_OUVERT_TRAINER, False, "formatrice Nord Ouvert"),
]

ORGANISMES = [
    # NEQ, legal name, region code, city, postal code, responsible e-mail, responsible name
    ("1160000001", "Cuisine collective Hochelaga", "06", "Montréal", "H1W 1A1", "hochelaga@dataide.demo", "Julie Lavoie"),
    ("1160000002", "Entraide Sherbrooke", "05", "Sherbrooke", "J1H 1A1", "sherbrooke@dataide.demo", "Pierre Morin"),
    ("1160000003", "Maison des jeunes de Rimouski", "01", "Rimouski", "G5L 1A1", "rimouski@dataide.demo", "Émilie Fortin"),
]


def _verified_user(email, full_name, *, is_staff=False):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_staff": is_staff}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user, created


class Command(BaseCommand):
    help = "Crée les comptes et organismes de démonstration (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        lines = []
        for email, full_name, role, is_staff, purpose in STAFF_USERS:
            user, _ = _verified_user(email, full_name, is_staff=is_staff)
            user.groups.add(Group.objects.get(name=role.value))
            lines.append((email, purpose))
        CentraideOffice.objects.get(name="Centraide Estrie").staff.add(
            get_user_model().objects.get(email="estrie@dataide.demo")
        )
        for neq, legal_name, region_code, city, postal_code, email, full_name in ORGANISMES:
            user, _ = _verified_user(email, full_name)
            organisme, _ = Organisme.objects.get_or_create(
                neq=neq,
                defaults={
                    "legal_name": legal_name,
                    "region": Region.objects.get(code=region_code),
                    "street_address": "1000, rue Principale",
                    "city": city,
                    "postal_code": postal_code,
                    "staff_count": 4,
                    "volunteer_count": 25,
                    "mission": "Soutenir les personnes et les familles du quartier.",
                },
            )
            Membership.objects.get_or_create(
                user=user, organisme=organisme, defaults={"role": MembershipRole.RESPONSIBLE}
            )
            lines.append((email, f"responsable de {legal_name}"))

        staff = get_user_model().objects.get(email="equipe@dataide.demo")
        self._webinars(staff)
        self._nord_ouvert_cohort(staff)
        self._committee(staff)
        self._published_awards(staff)
        self._after_award(staff)

        self.stdout.write(self.style.SUCCESS(f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})"))
        for email, purpose in lines:
            self.stdout.write(f"  {email:<38} {purpose}")
        self.stdout.write(
            "Le personnel et les membres de comité activent la vérification en deux étapes (TOTP) à la première visite."
        )

    def _webinars(self, staff):
        """Two upcoming webinars (French, English) and a past one that Hochelaga attended, which
        opens its amorçage gate — the demo can apply right away."""
        today = timezone.localdate()
        # Keyed by title, so a run on another day finds them instead of adding more.
        for days, title, language in [
            (-14, "Le numérique au service de votre mission — séance 1", "fr-ca"),
            (10, "Le numérique au service de votre mission — séance 2", "fr-ca"),
            (24, "Digital tools for your mission", "en"),
        ]:
            WebinarSession.objects.get_or_create(
                title=title,
                defaults={
                    "starts_at": timezone.make_aware(datetime.combine(today + timedelta(days=days), time(13, 30))),
                    "language": language,
                    "join_url": "https://webinaires.example.org/dataide",
                    "capacity": 100,
                },
            )
        past = WebinarSession.objects.get(title="Le numérique au service de votre mission — séance 1")
        hochelaga = Organisme.objects.get(neq="1160000001")
        if not WebinarAttendance.objects.filter(webinar=past, organisme=hochelaga).exists():
            trainings.record_attendance(actor=staff, webinar=past, organisme=hochelaga, minutes=80)

    def _nord_ouvert_cohort(self, staff):
        today = timezone.localdate()
        cohort, created = Cohort.objects.get_or_create(
            program=Program.objects.get(code="dataide"),
            name="Cohorte hiver 2027",
            defaults={"starts_on": today + timedelta(days=30), "ends_on": today + timedelta(days=120), "capacity": 30},
        )
        if created:
            cohort.trainers.add(get_user_model().objects.get(email="formateur@dataide.demo"))
            for week in range(4):
                CohortSession.objects.create(
                    cohort=cohort,
                    title=f"Atelier {week + 1}",
                    starts_at=timezone.make_aware(datetime.combine(cohort.starts_on + timedelta(weeks=week), time(9, 0))),
                )

    def _committee(self, staff):
        """A Montréal committee with its four seats, judging amorçage applications."""
        name = "Comité Montréal — amorçage"
        if Committee.objects.filter(name=name).exists():
            return
        users = get_user_model().objects
        CentraideOffice.objects.get(name="Centraide du Grand Montréal").staff.add(users.get(email="comite.regional@dataide.demo"))
        save_committee(
            actor=staff,
            committee=Committee(
                name=name, region=Region.objects.get(code="06"), scoring_deadline=timezone.localdate() + timedelta(days=21)
            ),
            tiers=[GrantTier.objects.get(code="amorcage")],
            seats=[
                SeatSpec(kind, users.get(email=email), organisation)
                for kind, email, organisation in [
                    (SeatKind.DATAIDE_TEAM, "comite.dataide@dataide.demo", "Centraide du Grand Montréal"),
                    (SeatKind.REGIONAL_CENTRAIDE, "comite.regional@dataide.demo", "Centraide du Grand Montréal"),
                    (SeatKind.IT_ORGANISATION, "comite.ti@dataide.demo", "Insertech Angus"),
                    (SeatKind.COMMUNITY_ORGANISATION, "comite.communautaire@dataide.demo", "Regroupement des organismes du quartier"),
                ]
            ],
        )

    def _published_awards(self, staff):
        """Two amorçage awards with their public summaries, so a newcomer sees a register that is
        not empty. Hochelaga is left without one: the demo applies to amorçage with it."""
        amorcage = GrantTier.objects.get(code="amorcage")
        decided_at = timezone.now() - timedelta(days=7)
        for number, neq, title, amount, summary, summary_en in [
            (
                "AMO-2026-9001", "1160000002", "Des portables pour l'accueil", "4200",
                "Deux portables et une suite bureautique pour que les bénévoles de l'accueil inscrivent les "
                "familles en ligne plutôt que sur papier.",
                "Two laptops and an office suite so front-desk volunteers register families online instead of on paper.",
            ),
            (
                "AMO-2026-9002", "1160000003", "Un site Web pour la maison des jeunes", "3500",
                "Un site Web simple, tenu à jour par les jeunes, pour annoncer les activités et recevoir les inscriptions.",
                "",
            ),
        ]:
            application, _created = Application.objects.get_or_create(
                number=number,
                defaults={
                    "organisme": Organisme.objects.get(neq=neq), "tier": amorcage, "title": title,
                    "status": ApplicationStatus.AWARDED, "amount_requested": amount, "amount_awarded": amount,
                    "submitted_at": decided_at - timedelta(days=30), "decided_at": decided_at, "decided_by": staff,
                    "public_summary": summary, "public_summary_en": summary_en,
                },
            )
            # The register publishes an award once its agreement is signed.
            self._agreed(application.number, staff)

    def _after_award(self, staff):
        """Every state after the award, reached through the grants' services (each step only when
        the file is not there yet, so a second run changes nothing): Sherbrooke's amorçage signed
        and paid in part, Rimouski's paid with its final report in progress, Sherbrooke's
        accélération closed."""
        amorcage_9001 = self._agreed("AMO-2026-9001", staff)
        self._pay_up_to(amorcage_9001, Decimal("2000"), staff)
        amorcage_9002 = self._agreed("AMO-2026-9002", staff)
        self._pay_up_to(amorcage_9002, amorcage_9002.amount_awarded, staff)
        if not FinalReport.objects.filter(application=amorcage_9002).exists():
            grants.save_report(actor=self._responsible(amorcage_9002), application=amorcage_9002, answers={
                "realisations": "Le site est en ligne ; les jeunes publient les activités.",
            })
        closed = Application.objects.get_or_create(
            number="ACC-2026-9003",
            defaults={
                "organisme": Organisme.objects.get(neq="1160000002"), "tier": GrantTier.objects.get(code="acceleration"),
                "title": "Un système de gestion des bénévoles", "status": ApplicationStatus.AWARDED,
                "amount_requested": "10000", "amount_awarded": "10000", "submitted_at": timezone.now() - timedelta(days=120),
                "decided_at": timezone.now() - timedelta(days=90), "decided_by": staff,
            },
        )[0]
        if closed.status == ApplicationStatus.CLOSED:
            return
        closed = self._agreed(closed.number, staff)
        self._pay_up_to(closed, Decimal("8000"), staff)
        responsible = self._responsible(closed)
        answers = {question.key: "Fait comme prévu." for question in grants.report_questions(closed.tier)}
        grants.save_report(actor=responsible, application=closed, answers=answers, submit=True)
        grants.accept_report(actor=staff, application=closed)
        self._pay_up_to(closed, closed.amount_awarded, staff)
        grants.close_application(actor=staff, application=closed)

    @staticmethod
    def _responsible(application):
        return Membership.objects.get(organisme=application.organisme, role=MembershipRole.RESPONSIBLE).user

    def _agreed(self, number, staff):
        """The application with its agreement generated and signed by the responsible person."""
        application = Application.objects.select_related("organisme", "tier").get(number=number)
        agreement = Agreement.objects.filter(application=application).first()
        if agreement is None:
            agreement = grants.create_agreement(application, actor=staff)
        if not agreement.is_signed:
            grants.sign_agreement(
                actor=self._responsible(application), agreement=agreement, full_name=self._responsible(application).full_name,
                title="Direction générale", authority_confirmed=True,
            )
        application.refresh_from_db()
        return application

    @staticmethod
    def _pay_up_to(application, total, staff):
        missing = Decimal(total) - grants.total_paid(application)
        if missing > 0:
            grants.record_payment(
                actor=staff, application=application, amount=missing, paid_on=timezone.localdate(), method="transfer",
                reference=f"DEMO-{application.number}",
            )
            application.refresh_from_db()
