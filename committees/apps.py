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
        from .selectors import RANKED_MODELS, forget_ranking_of, review_still_open, waitlist_ranking
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
