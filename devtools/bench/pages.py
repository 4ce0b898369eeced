"""The pages the bench times, and who looks at them: people and objects taken from the scale set."""

from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import is_mfa_enabled
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from applications import steps
from applications.models import Application, ApplicationStatus
from committees.models import Committee, Scorecard, ScorecardStatus
from dataide.accounts.models import User
from organismes.models import Membership, MembershipRole
from programs.models import GrantTier, Region, TierCode
from register.selectors import published_applications

from . import BARE_PATH
from .scale import SCALE_NEQ_PREFIX, SCALE_STAFF_EMAIL, scale_cohorts, scale_committees

# Issue 7's staff pages, by the URL names they may take: the first that exists is timed. Until one
# exists, the bench prints the page as skipped (and says which names it looked for).
PROGRAM_DASHBOARD_URL_NAMES = (
    "admin:program_dashboard",
    "admin:programs_program_dashboard",
    "admin:dashboard",
    "programs:dashboard",
)
APPLICATIONS_EXPORT_URL_NAMES = ("admin:applications_application_export",)

# Who a page is for decides its targets (README « Benchmarks »): the floors it is compared with,
# the pages organismes, committee members and visitors see, the staff's lists and rankings, the export.
BASELINE, PEOPLE, STAFF, EXPORT = "baseline", "people", "staff", "export"
# (name, audience), in the order of every round. bare_wsgi is served before Django (devtools.bench.wsgi).
PAGES = (
    ("bare_wsgi", BASELINE),
    ("trivial", BASELINE),
    ("empty_page", BASELINE),
    ("home", PEOPLE),
    ("application_step", PEOPLE),
    ("guide_download", PEOPLE),
    ("scorecard", PEOPLE),
    ("organisme_dashboard", PEOPLE),
    ("committee_dashboard", PEOPLE),
    ("register_list", PEOPLE),
    ("register_json", PEOPLE),
    ("register_csv", PEOPLE),
    # Issue 20's lifecycle and trust pages that the scale set can serve.
    ("privacy_notice", PEOPLE),
    ("data_held", PEOPLE),
    ("help", PEOPLE),
    ("webinar_calendar", PEOPLE),
    ("tier_detail", PEOPLE),
    ("application_detail", PEOPLE),
    ("organisme_messages", PEOPLE),
    ("grant_detail", PEOPLE),
    # A Nord Ouvert trainer's pages (the scale set's cohorts: seed_scale --if-missing adds them).
    ("trainer_cohort", PEOPLE),
    ("trainer_session", PEOPLE),
    ("program_dashboard", STAFF),
    ("after_award", STAFF),
    ("staff_home", STAFF),
    ("admin_applications", STAFF),
    ("admin_applications_filtered", STAFF),
    ("committee_results", STAFF),
    ("csv_export", EXPORT),
)
PAGE_NAMES = tuple(name for name, _audience in PAGES)
AUDIENCE = dict(PAGES)
# Served with an ETag: a second request with If-None-Match must get 304.
CONDITIONAL_PAGES = ("register_json", "register_csv")


class MissingScaleData(Exception):
    pass


def _mfa_client(user) -> Client:
    """A signed-in session past two-step verification, as the admin and committee pages need."""
    if not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def first_url(names, *args) -> str | None:
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


@dataclass
class Subjects:
    """Who and what the pages are measured with."""

    member: User
    draft: Application
    committee_member: User
    committee: Committee
    scored_application_id: int
    staff: User
    published_number: str | None = None
    trainer: User | None = None
    cohort_id: int | None = None
    session_id: int | None = None
    """A session already held, whose attendance the trainer corrects."""

    @classmethod
    def from_scale_set(cls) -> "Subjects":
        draft = (
            Application.objects.filter(
                organisme__neq__startswith=SCALE_NEQ_PREFIX, status=ApplicationStatus.DRAFT, tier__code=TierCode.AMORCAGE
            )
            .select_related("tier")
            .order_by("pk")
            .first()
        )
        committee = scale_committees().filter(assignments__isnull=False).order_by("pk").first()
        staff = User.objects.filter(email=SCALE_STAFF_EMAIL).first()
        if draft is None or committee is None or staff is None:
            raise MissingScaleData("Pas de données d'échelle utilisables : lancez d'abord `manage.py seed_scale`.")
        member = Membership.objects.get(organisme=draft.organisme_id, role=MembershipRole.RESPONSIBLE).user
        committee_member = committee.seats.order_by("kind").first().user
        scorecard = (
            Scorecard.objects.filter(
                member=committee_member, assignment__committee=committee, status=ScorecardStatus.SUBMITTED
            )
            .order_by("pk")
            .first()
        )
        if scorecard is None:
            raise MissingScaleData("Aucune grille soumise dans le comité mesuré : augmentez --scores.")
        cohort = scale_cohorts().filter(trainers__isnull=False).order_by("pk").first()
        session = cohort and cohort.sessions.filter(starts_at__lt=timezone.now()).order_by("-starts_at").first()
        published = published_applications().filter(organisme__neq__startswith=SCALE_NEQ_PREFIX).order_by("pk").first()
        return cls(
            member=member,
            draft=draft,
            committee_member=committee_member,
            committee=committee,
            scored_application_id=scorecard.assignment.application_id,
            staff=staff,
            published_number=published and published.number,
            trainer=cohort and cohort.trainers.order_by("pk").first(),
            cohort_id=cohort and cohort.pk,
            session_id=session and session.pk,
        )


def signed_in_clients(subjects: Subjects) -> dict[str, Client]:
    """One django.test.Client per person the pages are seen by, each with its own session."""
    member = Client()
    member.force_login(subjects.member)
    clients = {
        "anonymous": Client(),
        "member": member,
        "committee_member": _mfa_client(subjects.committee_member),
        "staff": _mfa_client(subjects.staff),
    }
    if subjects.trainer is not None:
        clients["trainer"] = _mfa_client(subjects.trainer)
    return clients


def page_plan(subjects: Subjects) -> list[tuple[str, str, str | None]]:
    """(name, who, url) per page, in PAGE_NAMES order; url None when the page does not exist yet."""
    changelist = reverse("admin:applications_application_changelist")
    filters = {
        "status__exact": ApplicationStatus.IN_REVIEW,
        "tier__id__exact": GrantTier.objects.get(code=TierCode.AMORCAGE).pk,
        "region__id__exact": Region.objects.get(code="06").pk,
    }
    plan = {
        "bare_wsgi": ("anonymous", BARE_PATH),
        "trivial": ("anonymous", reverse("bench_baseline")),
        "empty_page": ("member", reverse("bench_empty_page")),
        "home": ("anonymous", reverse("home")),
        "organisme_dashboard": ("member", reverse("organismes:dashboard")),
        "application_step": (
            "member", reverse("applications:step", args=[subjects.draft.pk, steps.steps_for(subjects.draft.tier)[0].slug])
        ),
        "committee_dashboard": ("committee_member", reverse("committees:dashboard")),
        "scorecard": ("committee_member", reverse("committees:application", args=[subjects.scored_application_id])),
        "committee_results": ("staff", reverse("committees:results", args=[subjects.committee.pk])),
        "program_dashboard": ("staff", first_url(PROGRAM_DASHBOARD_URL_NAMES)),
        # « Après l'octroi »: the dashboard's post-award page (grants.dashboard_page).
        "after_award": ("staff", reverse("admin:program_dashboard_page", args=["apres-octroi"])),
        "staff_home": ("staff", reverse("admin:index")),
        "admin_applications": ("staff", changelist),
        "admin_applications_filtered": ("staff", changelist + "?" + "&".join(f"{k}={v}" for k, v in filters.items())),
        "csv_export": ("staff", first_url(APPLICATIONS_EXPORT_URL_NAMES)),
        "guide_download": ("anonymous", reverse("programs:selection_guide", kwargs={"code": TierCode.AMORCAGE})),
        "register_list": ("anonymous", reverse("register:grant_list")),
        "register_json": ("anonymous", reverse("register:grants_json")),
        "register_csv": ("anonymous", reverse("register:grants_csv")),
        "privacy_notice": ("anonymous", reverse("privacy:notice")),
        "data_held": ("member", reverse("privacy:held")),
        "help": ("anonymous", reverse("portal:help")),
        "webinar_calendar": ("member", reverse("trainings:calendar")),
        "tier_detail": ("anonymous", reverse("portal:tier_detail", args=[TierCode.AMORCAGE])),
        "application_detail": ("member", reverse("applications:detail", args=[subjects.draft.pk])),
        "organisme_messages": ("member", reverse("organismes:messages")),
        "grant_detail": ("anonymous", subjects.published_number and reverse("register:grant_detail", args=[subjects.published_number])),
        "trainer_cohort": ("trainer", subjects.cohort_id and reverse("trainings:trainings_staff:cohort", args=[subjects.cohort_id])),
        "trainer_session": ("trainer", subjects.session_id and reverse("trainings:trainings_staff:session", args=[subjects.session_id])),
    }
    return [(name, *plan[name]) for name in PAGE_NAMES]


# Pages that need rows an older scale set may lack, and what to run for them.
MISSING_DATA = {
    "grant_detail": "no-published-award",
    "trainer_cohort": "no-cohorts(seed_scale --if-missing adds them)",
    "trainer_session": "no-cohorts(seed_scale --if-missing adds them)",
}


def missing_url_reason(name: str) -> str:
    if name in MISSING_DATA:
        return MISSING_DATA[name]
    names = PROGRAM_DASHBOARD_URL_NAMES if name == "program_dashboard" else APPLICATIONS_EXPORT_URL_NAMES
    return "no-url(" + ",".join(names) + ")"
