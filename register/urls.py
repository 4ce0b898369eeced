from django.urls import path

from . import views

app_name = "register"
urlpatterns = [
    path("", views.grant_list, name="grant_list"),
    path("<str:number>/", views.grant_detail, name="grant_detail"),
]
