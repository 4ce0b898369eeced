"""What `applications` holds about an organisme, and the staff pages whose reads are logged
(the privacy registry, dataide.privacy)."""

from django.utils.translation import gettext_lazy as _

from dataide.privacy.models import ReaderKind, ReadKind
from dataide.privacy.readlog import Read
from dataide.privacy.registry import (
    ORGANISME,
    Category,
    register,
    register_read_view,
    register_retention,
    values,
)

from .models import Application, Attachment, BudgetLine, DecisionReview, PartnerOrganisme, StatusChange
from .retention import anonymise_idle_drafts, purge_declined_attachments

ANSWER_FIELDS = (
    "id", "number", "tier__code", "title", "status", "amount_requested", "amount_awarded", "created_at",
    "submitted_at", "decided_at", "decision_reason", "need", "project_summary", "expected_results", "timeline",
    "data_governance", "sustainability", "network_scope",
)


def _application_read(kind, application_pk, object_pk, label_of):
    row = Application.objects.filter(pk=application_pk).values("organisme_id", "number", "title").first()
    if row is None:
        return None
    return Read(
        organisme_id=row["organisme_id"], kind=kind, object_id=object_pk,
        label=label_of(row), reader_kind=ReaderKind.STAFF,
    )


def _staff_opens_application(request, kwargs):
    pk = str(kwargs.get("object_id", ""))
    if not pk.isdigit():
        return None
    return _application_read(
        ReadKind.APPLICATION, int(pk), int(pk), lambda row: row["number"] or row["title"] or f"#{pk}"
    )


def _staff_downloads_attachment(request, kwargs):
    name = Attachment.objects.filter(pk=kwargs["pk"]).values_list("original_name", flat=True).first() or ""
    return _application_read(ReadKind.ATTACHMENT, kwargs["application_pk"], kwargs["pk"], lambda row: name)


def _staff_downloads_all_documents(request, kwargs):
    """The ZIP of an application's documents: one read per document it carried."""
    attachments = Attachment.objects.filter(application_id=kwargs["pk"]).values_list("pk", "original_name")
    return [
        read for pk, name in attachments
        if (read := _application_read(ReadKind.ATTACHMENT, kwargs["pk"], pk, lambda row, name=name: name))
    ]


def register_categories():
    register_read_view("admin:applications_application_change", _staff_opens_application)
    register_read_view("admin:applications_application_attachment", _staff_downloads_attachment)
    register_read_view("admin:applications_application_documents_zip", _staff_downloads_all_documents)
    register_retention("applications.idle_drafts", anonymise_idle_drafts)
    register_retention("applications.declined_attachments", purge_declined_attachments)
    register(Category(
        key="applications.applications", subject=ORGANISME, label=_("Demandes de bourse et leurs réponses"),
        purpose=_("Évaluer les demandes, décider des bourses et en rendre compte au ministère."),
        retention=_("Brouillons inactifs : 18 mois. Demandes soumises : dix ans après la décision."),
        export=lambda organisme: values(Application.objects.filter(organisme=organisme).order_by("pk"), *ANSWER_FIELDS),
        counted=lambda organisme_id: [Application.objects.filter(organisme_id=organisme_id)],
    ))
    register(Category(
        key="applications.budget_lines", subject=ORGANISME, label=_("Lignes budgétaires et partenaires"),
        purpose=_("Calculer le montant demandé et comprendre le projet."),
        retention=_("Comme la demande."),
        export=lambda organisme: [
            *({"kind": "budget_line", **row} for row in values(
                BudgetLine.objects.filter(application__organisme=organisme).order_by("application", "position"),
                "application_id", "category", "description", "amount",
            )),
            *({"kind": "partner", **row} for row in values(
                PartnerOrganisme.objects.filter(application__organisme=organisme).order_by("application", "position"),
                "application_id", "name", "role",
            )),
        ],
        counted=lambda organisme_id: [
            BudgetLine.objects.filter(application__organisme_id=organisme_id),
            PartnerOrganisme.objects.filter(application__organisme_id=organisme_id),
        ],
    ))
    register(Category(
        key="applications.decision_reviews", subject=ORGANISME, label=_("Demandes de révision d'une décision"),
        purpose=_("Revoir une décision quand l'organisme le demande, et en rendre compte."),
        retention=_("Comme la demande."),
        export=lambda organisme: values(
            DecisionReview.objects.filter(application__organisme=organisme).order_by("pk"),
            "application_id", "requested_at", "reason", "outcome", "handled_at", "response",
        ),
        counted=lambda organisme_id: [DecisionReview.objects.filter(application__organisme_id=organisme_id)],
    ))
    register(Category(
        key="applications.attachments", subject=ORGANISME, label=_("Pièces jointes"),
        purpose=_("Appuyer la demande (soumissions, lettres d'appui)."),
        retention=_("Demandes refusées : trois ans après la décision ; sinon comme la demande."),
        export=lambda organisme: values(
            Attachment.objects.filter(application__organisme=organisme).order_by("pk"),
            "application_id", "original_name", "content_type", "size", "uploaded_at",
        ),
        counted=lambda organisme_id: [Attachment.objects.filter(application__organisme_id=organisme_id)],
    ))
    register(Category(
        key="applications.decisions", subject=ORGANISME, label=_("Décisions et historique des statuts"),
        purpose=_("Vous informer de l'état de vos demandes et garder trace des décisions."),
        retention=_("Comme la demande."),
        # The internal note is staff's working note about the file, not information about the
        # organisme it gave us; the message sent to the organisme is included.
        export=lambda organisme: values(
            StatusChange.objects.filter(application__organisme=organisme).order_by("created_at", "pk"),
            "application_id", "from_status", "to_status", "message", "created_at",
        ),
        counted=lambda organisme_id: [StatusChange.objects.filter(application__organisme_id=organisme_id)],
    ))
