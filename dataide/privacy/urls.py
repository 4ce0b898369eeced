from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("confidentialite/", views.notice, name="notice"),
    path("comptes/consentements/", views.consents, name="consents"),
    path("comptes/donnees/", views.held, name="held"),
]
