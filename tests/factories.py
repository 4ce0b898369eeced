"""factory_boy factories for every app's models. Reference data (regions, program, tiers and
criteria) exists after migrate, so factories reuse it instead of inventing copies."""

from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from applications.models import Application, ApplicationStatus
from dataide.accounts.models import User
from dataide.accounts.roles import Role
from organismes.models import Membership, MembershipRole, Organisme
from programs.models import GrantTier, Region, TierCode

DEFAULT_PASSWORD = "mot-de-passe-de-test-2026"


def tier(code: str = TierCode.AMORCAGE) -> GrantTier:
    return GrantTier.objects.get(code=code)


def region(code: str = "06") -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.org")
    full_name = factory.Faker("name", locale="fr_CA")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if create:
            user.save()

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, extracted or [])


def _add_roles(user, roles):
    user.groups.add(*Group.objects.filter(name__in=[Role(role).value for role in roles]))


class StaffUserFactory(UserFactory):
    """A DATAide team member unless other roles are given."""

    is_staff = True

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _add_roles(user, extracted if extracted is not None else [Role.DATAIDE_TEAM])


class OrganismeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisme

    legal_name = factory.Sequence(lambda n: f"Organisme communautaire no {n}")
    neq = factory.Sequence(lambda n: f"11{n:08d}")
    region = factory.LazyFunction(region)
    street_address = "1000, rue Sainte-Catherine Est"
    city = "Montréal"
    postal_code = "H2L 2H2"
    staff_count = 3
    volunteer_count = 12
    mission = "Offrir un milieu de vie et du soutien aux familles du quartier."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisme = factory.SubFactory(OrganismeFactory)
    role = MembershipRole.RESPONSIBLE


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    organisme = factory.SubFactory(OrganismeFactory)
    tier = factory.LazyFunction(tier)
    title = factory.Sequence(lambda n: f"Projet numérique {n}")
    status = ApplicationStatus.DRAFT
    amount_requested = Decimal("4000")


def publish_criteria_version(tier_: GrantTier, edit=None):
    """A new published version of a tier's criteria, as staff make one: a copy of the current
    version, changed by `edit(criteria)` while it is a draft (published criteria are frozen)."""
    from programs import services

    actor = StaffUserFactory()
    draft = services.create_criteria_draft(actor=actor, tier=tier_)
    if edit is not None:
        edit(list(draft.criteria.order_by("position")))
    return services.publish_criteria_set(actor=actor, criteria_set=draft)
