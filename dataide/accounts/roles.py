"""The portal's roles are Django groups; this module is their single definition.

The groups themselves are created by a migration (accounts 0002); their permissions are filled in
after every `migrate` by `sync_role_permissions`, because permissions of models added later only
exist once their app has migrated.
"""

from django.db import models


class Role(models.TextChoices):
    DATAIDE_TEAM = "équipe DATAide", "équipe DATAide"
    REGIONAL_CENTRAIDE = "Centraide régional", "Centraide régional"
    COMMITTEE_MEMBER = "comité de sélection", "comité de sélection"
    NORD_OUVERT_TRAINER = "formateur Nord Ouvert", "formateur Nord Ouvert"


DOMAIN_APPS = (
    "programs", "organismes", "trainings", "applications", "committees", "grants", "audit", "outbox", "privacy", "portal",
)
_ALL_ACTIONS = ("add", "change", "delete", "view")

# Model-level permissions per role, as "app_label.action_model" with action "*" for all four.
# The DATAide team runs the program; regional staff follow and screen their region (row-level
# limits are applied in the admin querysets); committee members and trainers work in their own
# pages, not in the admin, so they hold no model permission.
ROLE_PERMISSIONS = {
    Role.DATAIDE_TEAM: {
        "app": {app: _ALL_ACTIONS for app in DOMAIN_APPS},
        "extra": ["accounts.view_user", "applications.decide_application", "applications.review_decision"],
    },
    Role.REGIONAL_CENTRAIDE: {
        "app": {
            "organismes": ("view",),
            "trainings": ("view",),
            "applications": ("view", "change"),
            "committees": ("view",),
            "outbox": ("view",),
        },
        # They follow their regions' agreements, payments and reports (not the texts and schedules).
        "extra": ["grants.view_agreement", "grants.view_payment", "grants.view_paymentbatch", "grants.view_finalreport"],
    },
    Role.COMMITTEE_MEMBER: {"app": {}, "extra": []},
    Role.NORD_OUVERT_TRAINER: {"app": {}, "extra": []},
}

# Roles whose holders work in the Django admin.
ADMIN_ROLES = (Role.DATAIDE_TEAM, Role.REGIONAL_CENTRAIDE)


def create_role_groups(group_model):
    for role in Role:
        group_model.objects.get_or_create(name=role.value)


def permissions_for(role, permission_model):
    spec = ROLE_PERMISSIONS[role]
    query = models.Q(pk__in=[])
    for app_label, actions in spec["app"].items():
        for action in actions:
            query |= models.Q(content_type__app_label=app_label, codename__startswith=f"{action}_")
    for dotted in spec["extra"]:
        app_label, codename = dotted.split(".")
        query |= models.Q(content_type__app_label=app_label, codename=codename)
    return permission_model.objects.filter(query)


def sync_role_permissions(sender=None, **kwargs):
    """Give each role exactly the permissions ROLE_PERMISSIONS lists (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    create_role_groups(Group)
    for role in Role:
        group = Group.objects.get(name=role.value)
        group.permissions.set(permissions_for(role, Permission))
