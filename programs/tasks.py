from celery import shared_task

from . import services
from .models import CriteriaSet


@shared_task(ignore_result=True, soft_time_limit=60, time_limit=90)
def build_selection_guide(criteria_set_id: int, language: str):
    criteria_set = CriteriaSet.objects.select_related("tier__program").filter(pk=criteria_set_id).first()
    if criteria_set is not None:
        services.build_selection_guide(criteria_set=criteria_set, language=language)
