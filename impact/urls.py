from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("telecharger/", views.download, name="download"),
    path("<int:pk>/retirer/", views.delete, name="delete"),
    path("equipe/", views.aggregates, name="aggregates"),
]
