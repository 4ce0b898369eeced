"""The organisme's side of the committees app (no MFA namespace): its feedback letter."""

from django.urls import path

from .feedback import views as feedback_views

app_name = "feedback"
urlpatterns = [
    path("<int:pk>/lettre-de-retroaction.pdf", feedback_views.download, name="letter"),
]
