from django.urls import path

from . import views

app_name = "organismes"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("commencer/", views.start, name="start"),
    path("inscrire/", views.create, name="create"),
    path("rejoindre/", views.join, name="join"),
    path("modifier/", views.edit_profile, name="edit_profile"),
    path("equipe/", views.team, name="team"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:pk>/", views.message_detail, name="message"),
    path("agir-pour/<int:pk>/", views.act_for, name="act_for"),
    path("adhesions/<int:pk>/accepter/", views.approve_join_request, name="approve_join_request"),
    path("adhesions/<int:pk>/refuser/", views.refuse_join_request, name="refuse_join_request"),
    path("membres/<int:pk>/retirer/", views.remove_member, name="remove_member"),
    path("invitations/<int:pk>/annuler/", views.cancel_invitation, name="cancel_invitation"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
