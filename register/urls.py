from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "register"
urlpatterns = [
    path("", views.grant_list, name="grant_list"),
    path(_("donnees.json"), views.grants_json, name="grants_json"),
    path(_("donnees.csv"), views.grants_csv, name="grants_csv"),
    path(_("comment-les-bourses-sont-attribuees/"), views.how_grants_are_awarded, name="process"),
    path("<str:number>/", views.grant_detail, name="grant_detail"),
]
