from django.urls import path

from . import decision_reviews, views
from .feedback import views as feedback_views

app_name = "committees"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("demandes/<int:application_pk>/conflit/", views.conflict, name="conflict"),
    path("demandes/<int:application_pk>/", views.application, name="application"),
    path("demandes/<int:application_pk>/documents/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("demandes/<int:application_pk>/evaluations/", views.peers, name="peers"),
    path("comites/<int:committee_pk>/resultats/", views.results, name="results"),
    path("simulation/", views.simulation, name="simulation"),
    path("comites/<int:committee_pk>/calibration/", views.calibration, name="calibration"),
    path(
        "comites/<int:committee_pk>/demandes/<int:application_pk>/decision/", views.decide, name="decide"
    ),
    path("demandes/<int:application_pk>/retroaction/", feedback_views.edit, name="feedback_letter"),
    path("revisions/<int:review_pk>/", decision_reviews.handle, name="decision_review"),
    path("demandes/<int:application_pk>/retroaction/apercu.pdf", feedback_views.preview, name="feedback_preview"),
]
