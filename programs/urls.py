from django.urls import path

from . import views

app_name = "programs"
urlpatterns = [
    path("volets/<slug:code>/guide.pdf", views.selection_guide_pdf, name="selection_guide"),
]
