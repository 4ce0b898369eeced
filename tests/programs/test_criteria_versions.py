"""A published criteria set is frozen: its weights, labels and descriptors never change, in the
admin, the services or the models. A change is a new version, a draft copy of the current one,
which publishing makes current; scorecards already made keep the version they were scored with."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.models import Scorecard
from dataide.audit.events import AuditEventType
from dataide.audit.models import AuditEvent
from programs import services
from programs.models import CriteriaSet, Criterion, CriterionLevel
from tests.committees.factories import CommitteeFactory, assign, members, scorecard
from tests.factories import StaffUserFactory, publish_criteria_version, tier
from tests.helpers import login_staff

pytestmark = pytest.mark.django_db


def _published_criterion():
    return tier().current_criteria_set.criteria.order_by("position").first()


def test_a_published_criterion_cannot_be_edited_in_the_admin(client):
    login_staff(client, StaffUserFactory())
    criterion = _published_criterion()
    url = reverse("admin:programs_criterion_change", args=[criterion.pk])

    page = client.get(url).content.decode()
    assert 'name="weight"' not in page and 'name="label_fr"' not in page  # read-only, levels included
    assert 'name="levels-0-descriptor_fr"' not in page
    response = client.post(url, {
        "criteria_set": criterion.criteria_set_id, "position": criterion.position, "label_fr": "Autre",
        "description_fr": criterion.description_fr, "weight": "90", "_save": "Enregistrer",
    })
    assert response.status_code == 403
    criterion.refresh_from_db()
    assert criterion.label_fr != "Autre" and criterion.weight != Decimal(90)

    set_page = client.get(reverse("admin:programs_criteriaset_change", args=[criterion.criteria_set_id])).content.decode()
    assert 'name="criteria-0-weight"' not in set_page


def test_the_service_and_the_models_refuse_a_published_set():
    criterion = _published_criterion()
    with pytest.raises(ValidationError) as refused:
        services.criteria_changed(actor=StaffUserFactory(), criteria_set=criterion.criteria_set)
    assert refused.value.code == "criteria_frozen"

    criterion.weight = Decimal(90)
    with pytest.raises(ValidationError):
        criterion.save()
    with pytest.raises(ValidationError):
        criterion.levels.first().delete()
    with pytest.raises(ValidationError):
        CriterionLevel(criterion=criterion, score=5, descriptor_fr="Nouveau").save()
    with pytest.raises(ValidationError):
        Criterion.objects.create(
            criteria_set=criterion.criteria_set, label_fr="Ajouté", description_fr="…", weight=Decimal(1)
        )
    assert Criterion.objects.get(pk=criterion.pk).weight != Decimal(90)
    assert not AuditEvent.objects.filter(action=AuditEventType.CRITERIA_CHANGED).exists()


def test_a_new_version_is_a_draft_copy_and_becomes_current_once_published():
    amorcage = tier()
    first = amorcage.current_criteria_set
    staff = StaffUserFactory()
    draft = services.create_criteria_draft(actor=staff, tier=amorcage)
    assert (draft.version, draft.published_at) == (first.version + 1, None)
    assert [(c.label_fr, c.weight, [level.descriptor_fr for level in c.levels.all()]) for c in draft.criteria.all()] == [
        (c.label_fr, c.weight, [level.descriptor_fr for level in c.levels.all()]) for c in first.criteria.all()
    ]
    assert tier().current_criteria_set == first  # a draft is not current

    with pytest.raises(ValidationError) as twice:
        services.create_criteria_draft(actor=staff, tier=amorcage)
    assert twice.value.code == "draft_exists"

    criteria = list(draft.criteria.order_by("position"))
    criteria[0].weight += 5
    criteria[0].save()
    with pytest.raises(ValidationError) as not_100:
        services.publish_criteria_set(actor=staff, criteria_set=draft)
    assert not_100.value.code == "weights_not_100"
    criteria[1].weight -= 5
    criteria[1].save()
    services.publish_criteria_set(actor=staff, criteria_set=draft)
    assert tier().current_criteria_set == draft
    event = AuditEvent.objects.for_object(draft).get(action=AuditEventType.CRITERIA_PUBLISHED)
    assert event.data == {"version": draft.version, "previous": first.version}


def test_older_scorecards_keep_their_version():
    committee = CommitteeFactory()
    a, b, _c, _d = members(committee)
    assignment = assign(committee)
    before = scorecard(assignment, a, [3, 3, 3, 3])
    first = tier().current_criteria_set

    def reweigh(criteria):
        criteria[0].weight, criteria[1].weight = criteria[0].weight + 10, criteria[1].weight - 10
        for criterion in criteria[:2]:
            criterion.save()

    second = publish_criteria_version(tier(), reweigh)
    after = scorecard(assignment, b, [3, 3, 3, 3])
    assert Scorecard.objects.get(pk=before.pk).criteria_set == first
    assert Scorecard.objects.get(pk=after.pk).criteria_set == second
    assert list(first.criteria.values_list("weight", flat=True)) != list(second.criteria.values_list("weight", flat=True))


def test_new_version_and_publish_are_admin_actions(client):
    login_staff(client, StaffUserFactory())
    first = tier().current_criteria_set
    changelist = reverse("admin:programs_criteriaset_changelist")
    client.post(changelist, {"action": "new_version", "_selected_action": [first.pk]})
    draft = CriteriaSet.objects.get(tier=first.tier, published_at__isnull=True)

    page = client.get(reverse("admin:programs_criteriaset_change", args=[draft.pk])).content.decode()
    assert 'name="criteria-0-weight"' in page  # a draft is edited like any form
    response = client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
    assert "1 grille publiée." in response.content.decode()
    assert tier().current_criteria_set == draft
