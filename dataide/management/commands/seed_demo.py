"""Demo accounts and organismes for trying the portal (`make run` calls it). Idempotent: a second
run finds everything in place and changes nothing, passwords included."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from allauth.account.models import EmailAddress

from dataide.accounts.roles import Role
from organismes.models import Membership, MembershipRole, Organisme
from programs.models import CentraideOffice, Region

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

        self.stdout.write(self.style.SUCCESS("Comptes de démonstration (mot de passe commun : %s)" % DEMO_PASSWORD))
        for email, purpose in lines:
            self.stdout.write(f"  {email:<38} {purpose}")
        self.stdout.write(
            "Le personnel et les membres de comité activent la vérification en deux étapes (TOTP) à la première visite."
        )
