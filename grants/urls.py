from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("<int:pk>/convention/", views.agreement, name="agreement"),
    path("<int:pk>/convention.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/convention-traduction.pdf", views.agreement_translation_pdf, name="agreement_translation_pdf"),
    path("<int:pk>/convention-signee/", views.agreement_signed, name="agreement_signed"),
    path("<int:pk>/bilan/", views.report, name="report"),
]
