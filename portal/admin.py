from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dataide.audit.admin import audit_trail_html

from . import services
from .models import HelpPage


@admin.register(HelpPage)
class HelpPageAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "slug", "slug_en", "position", "updated_at"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en"]
    readonly_fields = ["audit_trail"]
    fieldsets = [
        (None, {"fields": ["slug", "slug_en", "position"]}),
        (_("Français"), {"fields": ["title_fr", "summary_fr", "body_fr"]}),
        (_("Anglais"), {"fields": ["title_en", "summary_en", "body_en"]}),
        (_("Journal d'audit"), {"fields": ["audit_trail"]}),
    ]

    @admin.display(description=_("événements"))
    def audit_trail(self, page):
        return audit_trail_html(page) if page.pk else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        help_text = _(
            "Markdown : ## pour un intertitre, **gras**, [lien](https://…), listes avec « - ». "
            "Une ancre après un intertitre, {#budget}, reçoit les liens du formulaire. "
            "Le HTML est nettoyé : aucun script n'est affiché."
        )
        for name in ("body_fr", "body_en"):
            form.base_fields[name].help_text = help_text
        return form

    def save_model(self, request, obj, form, change):
        services.save_help_page(actor=request.user, page=obj, fields=form.changed_data)
