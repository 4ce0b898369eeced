from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "portal"
urlpatterns = [
    path("volets/<slug:code>/", views.tier_detail, name="tier_detail"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    # Translated addresses: /fr/aide/…, /en/help/…
    path(_("aide/"), views.help_index, name="help"),
    path(_("aide/<slug:slug>/"), views.help_page, name="help_page"),
]
