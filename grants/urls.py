from django.urls import path

from . import views

app_name = "grants"
urlpatterns = [
    path("<int:pk>/convention/", views.agreement, name="agreement"),
    path("<int:pk>/convention.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/convention-traduction.pdf", views.agreement_translation_pdf, name="agreement_translation_pdf"),
    path("<int:pk>/convention-signee/", views.agreement_signed, name="agreement_signed"),
    path("<int:pk>/modifications/", views.amendments, name="amendments"),
    path("<int:pk>/bilan/", views.report, name="report"),
    path("<int:pk>/bilan/<slug:step>/", views.report_step, name="report_step"),
    path("<int:pk>/bilan/<slug:step>/enregistrement-auto/", views.report_autosave, name="report_autosave"),
    path("<int:pk>/bilan/documents/<int:attachment_pk>/", views.report_attachment, name="report_attachment"),
    path("<int:pk>/bilan/documents/<int:attachment_pk>/retirer/", views.report_attachment_remove, name="report_attachment_remove"),
]
