"""Factories of the trainings app; shared ones (users, organismes) come from tests.factories."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from dataide.accounts.roles import Role
from programs.models import Program
from tests.factories import OrganismeFactory, UserFactory
from trainings import models


def program() -> Program:
    return Program.objects.get(code="dataide")


class WebinarSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebinarSession

    title = factory.Sequence(lambda n: f"Webinaire de sensibilisation no {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    join_url = factory.Sequence(lambda n: f"https://webinaires.exemple.org/s/{n}")
    capacity = 100


class WebinarRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebinarRegistration

    webinar = factory.SubFactory(WebinarSessionFactory)
    organisme = factory.SubFactory(OrganismeFactory)


class WebinarAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WebinarAttendance

    webinar = factory.SubFactory(
        WebinarSessionFactory, starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    )
    organisme = factory.SubFactory(OrganismeFactory)
    minutes = 80
    source = models.AttendanceSource.MANUAL


def TrainerFactory(**kwargs):  # noqa: N802 (reads like the other factories)
    return UserFactory(roles=[Role.NORD_OUVERT_TRAINER], **kwargs)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cohort
        skip_postgeneration_save = True

    program = factory.LazyFunction(program)
    name = factory.Sequence(lambda n: f"Cohorte {n}")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    capacity = 30

    @factory.post_generation
    def trainers(cohort, create, extracted, **kwargs):
        if create and extracted:
            cohort.trainers.add(*extracted)


class CohortSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CohortSession

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Séance {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class NordOuvertCandidacyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.NordOuvertCandidacy

    organisme = factory.SubFactory(OrganismeFactory)
    motivation = "Nous voulons structurer nos données de fréquentation."


class CohortEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CohortEnrolment

    cohort = factory.SubFactory(CohortFactory)
    organisme = factory.SubFactory(OrganismeFactory)


class LabCohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LabCohort

    program = factory.LazyFunction(program)
    name = factory.Sequence(lambda n: f"Laboratoire {n}")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


class LabSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LabSession

    cohort = factory.SubFactory(LabCohortFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))


class LeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Leader

    full_name = factory.Faker("name", locale="fr_CA")
    email = factory.Sequence(lambda n: f"leader{n}@exemple.org")
    organisme = factory.SubFactory(OrganismeFactory)


class LabEnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LabEnrolment

    cohort = factory.SubFactory(LabCohortFactory)
    leader = factory.SubFactory(LeaderFactory)
