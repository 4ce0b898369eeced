from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("nouvelle/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:step>/", views.step_view, name="step"),
    path("<int:pk>/etape/<slug:step>/enregistrement-auto/", views.autosave, name="autosave"),
    path("<int:pk>/revision/", views.review, name="review"),
    path("<int:pk>/soumettre/", views.submit, name="submit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/demande.pdf", views.application_pdf, name="pdf"),
    path("<int:pk>/lettre-octroi.pdf", views.award_letter, name="award_letter"),
    path("<int:pk>/documents/<int:attachment_pk>/", views.download_attachment, name="attachment"),
    path("<int:pk>/documents/<int:attachment_pk>/retirer/", views.remove_attachment, name="remove_attachment"),
]
