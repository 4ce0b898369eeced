from django.urls import include, path

from . import views
from .conversation import views as conversation_views
from .decision_reviews import views as review_views

# The team's side of the conversations: screening staff only (their own access check).
staff_patterns = [
    path("<int:pk>/questions/", conversation_views.staff_thread, name="thread"),
    path("<int:pk>/questions/<int:message_pk>/", conversation_views.staff_file, name="file"),
]

app_name = "applications"
urlpatterns = [
    path("nouvelle/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/etape/<slug:step>/", views.step_view, name="step"),
    path("<int:pk>/etape/<slug:step>/enregistrement-auto/", views.autosave, name="autosave"),
    path("<int:pk>/revision/", views.review, name="review"),
    path("<int:pk>/soumettre/", views.submit, name="submit"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("<int:pk>/demande-de-revision/", review_views.request_review, name="request_review"),
    path("<int:pk>/demande.pdf", views.application_pdf, name="pdf"),
    path("<int:pk>/lettre-octroi.pdf", views.award_letter, name="award_letter"),
    path("<int:pk>/documents/<int:attachment_pk>/", views.download_attachment, name="attachment"),
    path("<int:pk>/documents/<int:attachment_pk>/retirer/", views.remove_attachment, name="remove_attachment"),
    path("<int:pk>/questions/", conversation_views.conversation, name="conversation"),
    path("<int:pk>/questions/<int:message_pk>/", conversation_views.conversation_file, name="conversation_file"),
    path("equipe/", include((staff_patterns, "conversation_staff"))),
]
