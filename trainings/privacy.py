"""What `trainings` holds about an organisme (the privacy registry, dataide.privacy)."""

from django.utils.translation import gettext_lazy as _

from dataide.privacy.registry import ORGANISME, Category, register, values

from .models import (
    CohortEnrolment,
    Leader,
    NordOuvertCandidacy,
    WebinarAttendance,
    WebinarFeedback,
    WebinarRegistration,
)


def _trainings(organisme):
    return [
        *({"kind": "webinar_registration", **row} for row in values(
            WebinarRegistration.objects.filter(organisme=organisme), "webinar_id", "registered_by__email",
        )),
        *({"kind": "webinar_attendance", **row} for row in values(
            WebinarAttendance.objects.filter(organisme=organisme), "webinar_id", "attendee_name", "attendee_email",
            "minutes", "source", "recorded_at",
        )),
        *({"kind": "webinar_feedback", **row} for row in values(
            WebinarFeedback.objects.filter(organisme=organisme), "webinar_id", "usefulness", "clarity",
            "most_useful", "suggestions", "created_at",
        )),
        *({"kind": "nord_ouvert_candidacy", **row} for row in values(
            NordOuvertCandidacy.objects.filter(organisme=organisme), "motivation", "created_at",
        )),
        *({"kind": "cohort_enrolment", **row} for row in values(
            CohortEnrolment.objects.filter(organisme=organisme), "cohort__name", "selected_at", "completed_at",
        )),
    ]


def register_categories():
    register(Category(
        key="trainings.trainings", subject=ORGANISME, label=_("Webinaires, formation Nord Ouvert et avis"),
        purpose=_("Ouvrir l'accès aux volets de bourse et améliorer les formations."),
        retention=_("Dix ans après la dernière bourse ; avis : trois ans."),
        export=_trainings,
        counted=lambda organisme_id: [
            model.objects.filter(organisme_id=organisme_id) for model in (
                WebinarRegistration, WebinarAttendance, WebinarFeedback, NordOuvertCandidacy, CohortEnrolment,
            )
        ],
    ))
    register(Category(
        key="trainings.leaders", subject=ORGANISME, label=_("Personnes inscrites au laboratoire de leadership"),
        purpose=_("Accompagner les leaders et ouvrir le volet innovation."),
        retention=_("Dix ans après la dernière bourse."),
        export=lambda organisme: values(
            Leader.objects.filter(organisme=organisme), "full_name", "email", "lab_enrolment__cohort__name"
        ),
        counted=lambda organisme_id: [Leader.objects.filter(organisme_id=organisme_id)],
    ))
