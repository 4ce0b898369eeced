from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = _("Comités de sélection")

    def ready(self):
        from applications.decisions import register_review_check

        from .privacy import register_categories
        from .selectors import review_still_open

        # No decision while the committee still scores (the applications app cannot ask us).
        register_review_check(review_still_open)
        register_categories()  # members' reads are logged by seat (dataide.privacy)
