from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("volets/<slug:code>/", views.tier_detail, name="tier_detail"),
    path("accessibilite/", views.accessibility, name="accessibility"),
]
