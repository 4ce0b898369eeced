from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("confidentialite/", views.notice, name="notice"),
    path("comptes/consentements/", views.consents, name="consents"),
    path("comptes/donnees/", views.held, name="held"),
    path("comptes/fermer/", views.close_account, name="close_account"),
    path("comptes/donnees/exporter/", views.export_request, name="export_request"),
    path("comptes/donnees/telecharger/<str:token>/", views.export_download, name="export_download"),
]
