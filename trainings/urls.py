from django.urls import include, path

from . import views

app_name = "trainings"

# Trainers see organismes' data: their pages live in the "trainings_staff" namespace, where the
# middleware requires two-step verification.
trainer_urlpatterns = [
    path("", views.trainer_cohorts, name="cohorts"),
    path("cohortes/<int:pk>/", views.trainer_cohort, name="cohort"),
    path("seances/<int:pk>/", views.trainer_session, name="session"),
    path("inscriptions/<int:pk>/terminer/", views.trainer_complete, name="complete"),
]

urlpatterns = [
    path("webinaires/", views.webinar_list, name="webinars"),
    path("calendrier/", views.calendar, name="calendar"),
    path("calendrier/<int:pk>/inscription/", views.calendar_register, name="calendar_register"),
    path("webinaires/<int:pk>/inscription/", views.register, name="register"),
    path("webinaires/<int:pk>/desinscription/", views.unregister, name="unregister"),
    path("webinaires/<int:pk>/avis/", views.feedback, name="feedback"),
    path("nord-ouvert/candidature/", views.candidacy, name="candidacy"),
    path("formateur/", include((trainer_urlpatterns, "trainings_staff"))),
]
