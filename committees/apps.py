from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Comités de sélection")

    def ready(self):
        from applications.decision_reviews.services import register_decision_participants
        from applications.decisions import register_review_check
        from applications.display import register_page_documents
        from applications.waitlist import register_ranking
        from organismes.services import register_membership_hook

        from .decision_reviews import committee_participants
        from .feedback import documents  # noqa: F401  registers the letter as an e-mail attachment
        from .feedback.selectors import sent_letter_link
        from .privacy import register_categories
        from .selectors import (
            RANKED_MODELS,
            forget_committee_progress,
            forget_on_application_saved,
            forget_on_status_change,
            forget_ranking_of,
            review_still_open,
            waitlist_ranking,
        )
        from .services import membership_began

        # No decision while the committee still scores (the applications app cannot ask us).
        register_review_check(review_still_open)
        # The waitlist follows the committee's ranking.
        register_ranking(waitlist_ranking)
        register_decision_participants(committee_participants)  # its members never review its decisions
        register_page_documents(sent_letter_link)  # the organisme downloads its feedback letter
        register_categories()  # members' reads are logged by seat (dataide.privacy)
        register_membership_hook(membership_began)  # joining an applying organisme is a conflict at once
        # The results page's cached ranking is computed again after any change it counts.
        for model in RANKED_MODELS:
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(forget_ranking_of, sender=model, dispatch_uid=f"ranking.{model.__name__}.{name}")
        self._forget_progress_on_change(forget_committee_progress, forget_on_status_change, forget_on_application_saved)

    def _forget_progress_on_change(self, forget, forget_on_status_change, forget_on_application_saved):
        """The staff home keeps the committees' progress in the cache (selectors.committee_progress):
        any save or delete of what it counts forgets it, in the writer's transaction. Signals, not
        calls in each service: the admin, the services and the cascades of a deletion all write
        these rows, and the applications app cannot call us when a status moves."""
        from applications.models import Application, StatusChange

        for model in ("Committee", "Seat", "Assignment", "ConflictDeclaration", "AlternateCall", "Scorecard"):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(forget, sender=self.get_model(model), dispatch_uid=f"committee-progress:{model}:{name}")
        post_save.connect(forget_on_status_change, sender=StatusChange, dispatch_uid="committee-progress:status")
        post_save.connect(forget_on_application_saved, sender=Application, dispatch_uid="committee-progress:application")
        post_delete.connect(forget, sender=Application, dispatch_uid="committee-progress:application-deleted")
